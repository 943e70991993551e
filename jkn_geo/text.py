"""One bilingual text type for every message, label and notice: Indonesian first, English
beside it.

    from jkn_geo.text import Text
    t = Text("Cakupan kepesertaan", "Coverage")
    t.id, t.en            # the two languages
    t.get("en")           # one of them
    t.both()              # 'Cakupan kepesertaan · Coverage' (the UI's "id · en" form)
    str(t)                # Indonesian
    Text("{n} baris", "{n} rows").format(n=3)

Messages are written where they are raised (the catalogue of a module is its ``Text``
constants); :func:`catalogue` collects every module-level ``Text`` of the package for a
translator. Also here: escaping for Streamlit markdown and HTML, so that text from a URL, a
file or a user is shown as text.
"""
from __future__ import annotations

import html as _html
from dataclasses import dataclass

LANGS = ("id", "en")
SEP = " · "


@dataclass(frozen=True)
class Text:
    """A text in Indonesian (``id``) and English (``en``). English may be empty: then the
    Indonesian is used for both."""

    id: str
    en: str = ""

    def __str__(self) -> str:
        return self.id

    def get(self, lang: str = "id") -> str:
        return (self.en or self.id) if lang == "en" else self.id

    def both(self, sep: str = SEP) -> str:
        """``'id · en'``, or just the Indonesian when the two are the same or English is empty."""
        if not self.en or self.en == self.id:
            return self.id
        return f"{self.id}{sep}{self.en}"

    def format(self, *args, **kwargs) -> Text:
        return Text(self.id.format(*args, **kwargs), (self.en or self.id).format(*args, **kwargs))

    def __add__(self, other: Text | str) -> Text:
        if isinstance(other, Text):
            return Text(self.id + other.id, (self.en or self.id) + (other.en or other.id))
        return Text(self.id + other, (self.en or self.id) + other)

    def as_pair(self) -> tuple[str, str]:
        return self.id, self.en or self.id


def pick(texts: dict, key, lang: str = "id", default: str | None = None) -> str:
    """``texts[key].get(lang)`` for a dict of :class:`Text`, or ``default`` (the key) when missing."""
    t = texts.get(key)
    if t is None:
        return str(key) if default is None else default
    return t.get(lang)


# ---- escaping -------------------------------------------------------------------------------
_MD_SPECIAL = "\\`*_{}[]()#+-.!|~<>$"


def md_escape(text) -> str:
    """Text shown as itself in Streamlit markdown: markdown punctuation backslash-escaped and
    HTML entities encoded, so a name from a URL or a file cannot become a link, an image or
    markup."""
    s = _html.escape("" if text is None else str(text), quote=False)
    for ch in _MD_SPECIAL:
        s = s.replace(ch, "\\" + ch)
    return s


def html_escape(text) -> str:
    return _html.escape("" if text is None else str(text), quote=True)


def catalogue() -> list[tuple[str, str, str, str]]:
    """Every module-level :class:`Text` of the package (and dicts of them): ``(module, name, id,
    en)``, each text once, for a translator to read (``python -m jkn_geo texts``). The UI package
    is not imported here (it needs a running Streamlit)."""
    import importlib
    import pkgutil

    import jkn_geo

    names, todo = [], [(jkn_geo.__path__, "jkn_geo.")]
    while todo:
        path, prefix = todo.pop(0)
        for info in pkgutil.iter_modules(path, prefix):
            if info.name.startswith("jkn_geo.ui") or info.name.endswith("__main__"):
                continue
            names.append(info.name)
            if info.ispkg:
                todo.append((importlib.import_module(info.name).__path__, info.name + "."))
    rows, seen = [], set()
    for name in ["jkn_geo.config"] + sorted(n for n in names if n != "jkn_geo.config"):
        for attr, val in vars(importlib.import_module(name)).items():
            items = [(attr, val)] if isinstance(val, Text) else (
                [(f"{attr}[{k!r}]", v) for k, v in val.items()]
                if isinstance(val, dict) and val and all(isinstance(v, Text) for v in val.values()) else [])
            for label, t in items:
                if (t.id, t.en) not in seen:
                    seen.add((t.id, t.en))
                    rows.append((name, label, t.id, t.en))
    return rows
