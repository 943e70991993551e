// One click copies the view's link; where the browser refuses the clipboard, the link is offered
// in a prompt to copy by hand. Configured by one object: {url, copied, label}.
(function (cfg) {
  const b = document.getElementById("b");
  b.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(cfg.url);
      b.textContent = "✓ " + cfg.copied;
    } catch (e) {
      window.prompt(cfg.label, cfg.url);
    }
    setTimeout(() => { b.textContent = cfg.label; }, 2500);
  });
})
