"""Running the app for end-to-end tests, benchmarks and the load script (not used by the app).

    import devserver   # tests/ is on sys.path (conftest); bench/_setup.py adds it
    proc, base = devserver.start_streamlit(ROOT / "app.py", env_extra={"JKN_GEO_DB": "/tmp/x.duckdb"})
    ...
    devserver.stop(proc)

Servers listen on 127.0.0.1 only. Browsers are Debian's Chromium, driven by playwright with
``executable_path`` (never a downloaded browser).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from jkn_geo.config import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(script: Path | str | None = None, port: int | None = None, log: Path | str | None = None,
                    env_extra: dict | None = None, drop_env: tuple[str, ...] = (), timeout: float = 60.0):
    """Start ``streamlit run script`` on localhost; wait for its health check.

    Returns ``(process, base_url)``; raises ``RuntimeError`` with the end of the server log
    when it exits or does not answer within ``timeout`` seconds.
    """
    script = Path(script or PROJECT_ROOT / "app.py")
    port = port or free_port()
    env = dict(os.environ, STREAMLIT_SERVER_FILE_WATCHER_TYPE="none", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    env.setdefault("JKN_GEO_CACHE", str(PROJECT_ROOT / ".cache"))
    for k in drop_env:
        env.pop(k, None)
    env.update({k: str(v) for k, v in (env_extra or {}).items()})
    log_path = Path(log) if log else Path(os.devnull)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
                             "--server.port", str(port), "--server.address", "127.0.0.1"],
                            cwd=PROJECT_ROOT, env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_text()[-2000:] if log else ""
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {tail}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError(f"streamlit did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
