"""A server-side guard in front of Streamlit's upload endpoint (issue 14, repro 2).

Streamlit accepts ``PUT /_stcore/upload_file/<session>/<file id>`` from any live session and
keeps the bytes in memory until the session ends, whether or not an uploader is on its page.
:func:`install` (called once at app start) wraps that route so that a PUT is refused
*before its body is read* unless

- the session was granted uploads by :func:`grant` — the Data page does so on each run in
  which it shows the uploader to a session that may edit (an editor in hosted mode), for at
  most :data:`UPLOAD_GRANT_S` and never beyond the editor's sign-in — and, where Streamlit's
  state can be read, an uploader widget is on the session's page now;
- it declares its size (``Content-Length``; chunked bodies are refused) and fits the
  per-session (:data:`UPLOAD_SESSION_BUDGET`) and per-process (:data:`UPLOAD_PROCESS_BUDGET`)
  budgets, counting files already held and uploads in flight;
- the body is no longer than declared (counted while it streams).

:func:`revoke` (sign-out, lost editor role, expiry) drops the grant and gives the session's
files back. Refusals are plain HTTP statuses (403, 411, 413) with a short text body.

The reverse proxy should bound the same endpoint as well (the nginx rule is in .streamlit/config.toml).
"""
from __future__ import annotations

import logging
import threading
import time

from jkn_geo.config import UPLOAD_GRANT_S, UPLOAD_PROCESS_BUDGET, UPLOAD_SESSION_BUDGET

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_GRANTS: dict[str, float] = {}        # session id -> deadline (time.monotonic)
_INFLIGHT: dict[str, int] = {}        # session id -> declared bytes of uploads in flight
_INSTALLED = {"done": False, "how": ""}
UPLOAD_ROUTE_MARK = "/upload_file/"


# ---- grants ------------------------------------------------------------------------------------
def grant(session_id: str, seconds: float = UPLOAD_GRANT_S) -> None:
    """Let ``session_id`` upload for the next ``seconds`` (renewed on every run that shows the uploader)."""
    if not session_id:
        return
    with _LOCK:
        _GRANTS[session_id] = time.monotonic() + max(0.0, min(seconds, UPLOAD_GRANT_S))
        _sweep_locked()


def revoke(session_id: str, drop_files: bool = True) -> None:
    """No more uploads for ``session_id``; its uploaded files are released."""
    with _LOCK:
        _GRANTS.pop(session_id, None)
    if drop_files:
        mgr = _manager()
        if mgr is not None and hasattr(mgr, "remove_session_files"):
            mgr.remove_session_files(session_id)


def granted(session_id: str) -> bool:
    with _LOCK:
        return _GRANTS.get(session_id, 0.0) > time.monotonic()


def _sweep_locked() -> None:
    now = time.monotonic()
    for sid in [s for s, dl in _GRANTS.items() if dl <= now]:
        _GRANTS.pop(sid, None)


# ---- Streamlit's state (read defensively: private attributes) -------------------------------------
def _runtime():
    try:
        from streamlit import runtime

        return runtime.get_instance() if runtime.exists() else None
    except Exception:  # noqa: BLE001
        return None


def _manager():
    rt = _runtime()
    return getattr(rt, "uploaded_file_mgr", None) if rt is not None else None


def held_bytes(session_id: str | None = None) -> int:
    """Bytes Streamlit holds in uploads, for one session or (None) all."""
    mgr = _manager()
    store = getattr(mgr, "file_storage", None)
    if store is None:
        return 0
    try:
        if session_id is not None:
            files = list((store.get(session_id) or {}).values())
            return sum(len(f.data) for f in files)
        total = getattr(mgr, "_total_bytes", None)
        if isinstance(total, int):
            return total
        return sum(len(f.data) for s in list(store.values()) for f in list(s.values()))
    except Exception:  # noqa: BLE001 - changed while read: count what is safe
        return 0


def uploader_shown(session_id: str) -> bool | None:
    """Whether the session's page has a file uploader now; None when it cannot be told."""
    rt = _runtime()
    try:
        info = rt._session_mgr.get_session_info(session_id)  # noqa: SLF001
        if info is None:
            return False
        meta = info.session.session_state._new_widget_state.widget_metadata  # noqa: SLF001
        return any(getattr(m, "value_type", "") == "file_uploader_state_value" for m in list(meta.values()))
    except Exception:  # noqa: BLE001 - a Streamlit version without these attributes
        return None


# ---- the decision --------------------------------------------------------------------------------
def admit(session_id: str, content_length: str | None) -> tuple[int, str, int]:
    """``(0, "", n)`` and ``n`` bytes reserved, or ``(status, reason, 0)`` to refuse."""
    if not granted(session_id):
        return 403, "uploads are not open for this session", 0
    if uploader_shown(session_id) is False:
        return 403, "no file uploader on this session's page", 0
    try:
        n = int(content_length or "")
    except ValueError:
        return 411, "Content-Length required", 0
    if n < 0:
        return 400, "bad Content-Length", 0
    with _LOCK:
        mine = held_bytes(session_id) + _INFLIGHT.get(session_id, 0)
        everyone = held_bytes() + sum(_INFLIGHT.values())
        if mine + n > UPLOAD_SESSION_BUDGET:
            return 413, "upload budget of this session used up", 0
        if everyone + n > UPLOAD_PROCESS_BUDGET:
            return 413, "server upload budget used up, try again later", 0
        _INFLIGHT[session_id] = _INFLIGHT.get(session_id, 0) + n
    return 0, "", n


def release(session_id: str, n: int) -> None:
    with _LOCK:
        left = _INFLIGHT.get(session_id, 0) - n
        if left > 0:
            _INFLIGHT[session_id] = left
        else:
            _INFLIGHT.pop(session_id, None)


# ---- the ASGI wrapper ----------------------------------------------------------------------------
def _header(scope, name: bytes) -> str | None:
    for k, v in scope.get("headers") or ():
        if k.lower() == name:
            return v.decode("latin-1")
    return None


async def _refuse(send, status: int, reason: str) -> None:
    body = reason.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def guard(inner):
    """Wrap the ASGI app of the upload route (PUT) with :func:`admit`."""
    async def app(scope, receive, send):
        if scope.get("type") != "http" or scope.get("method") != "PUT":
            return await inner(scope, receive, send)
        sid = str((scope.get("path_params") or {}).get("session_id", ""))
        if _header(scope, b"transfer-encoding"):
            return await _refuse(send, 411, "Content-Length required")
        status, reason, n = admit(sid, _header(scope, b"content-length"))
        if status:
            log.warning("upload refused (%s): %s", status, reason)
            return await _refuse(send, status, reason)
        seen = 0

        async def counted():
            nonlocal seen
            msg = await receive()
            if msg.get("type") == "http.request":
                seen += len(msg.get("body") or b"")
                if seen > n:
                    raise ConnectionAbortedError("upload body longer than its Content-Length")
            return msg

        try:
            return await inner(scope, counted, send)
        finally:
            release(sid, n)

    app.__jkn_upload_guard__ = True
    return app


def _starlette_apps():
    import gc

    try:
        from starlette.applications import Starlette
    except ImportError:
        return []
    return [o for o in gc.get_objects() if isinstance(o, Starlette)]


def _wrap_routes(routes) -> int:
    n = 0
    for r in list(routes or ()):
        inner_routes = getattr(r, "routes", None)
        if inner_routes is not None and r is not routes:
            n += _wrap_routes(inner_routes)
        path = getattr(r, "path", "") or ""
        if UPLOAD_ROUTE_MARK in path and "PUT" in (getattr(r, "methods", None) or ()):
            if not getattr(r.app, "__jkn_upload_guard__", False):
                r.app = guard(r.app)
            n += 1
    return n


WIDGET_ID_PREFIX = "$$"      # Streamlit's widget ids: "$$ID-<hash>-<key>", "$$STREAMLIT_INTERNAL_KEY…"


def guard_widget_ids() -> bool:
    """Ignore widget states a browser sends under an id that is no widget id (issue 14, repro
    10). Streamlit stores them anyway; a session-state key sent that way (e.g. ``data_msg``)
    then counts as present but cannot be read, and ``st.session_state.get(key)`` raises
    (a traceback on the page). Installed once per process, with :func:`install`."""
    try:
        from streamlit.runtime.state.session_state import WStates
    except ImportError:
        return False
    orig = WStates.set_widget_from_proto
    if getattr(orig, "__jkn_guard__", False):
        return True

    def set_widget_from_proto(self, widget_state):
        wid = getattr(widget_state, "id", "")
        if not isinstance(wid, str) or not wid.startswith(WIDGET_ID_PREFIX):
            return None
        return orig(self, widget_state)

    set_widget_from_proto.__jkn_guard__ = True
    WStates.set_widget_from_proto = set_widget_from_proto
    return True


def install() -> str:
    """Put the guard in front of Streamlit's upload route and the widget-id filter in place
    (once per process; cheap after the first call). Returns how: ``"route"``, or ``""`` when
    no server runs (bare mode, tests)."""
    guard_widget_ids()
    if _INSTALLED["done"]:
        return _INSTALLED["how"]
    with _LOCK:
        if _INSTALLED["done"]:
            return _INSTALLED["how"]
        how = ""
        if _runtime() is not None:
            wrapped = sum(_wrap_routes(getattr(a, "routes", None) or a.router.routes) for a in _starlette_apps())
            if wrapped:
                how = "route"
            else:
                log.warning("upload guard: Streamlit's upload route was not found; uploads are NOT guarded")
            _INSTALLED.update(done=True, how=how)
        return how


def installed() -> str:
    return _INSTALLED["how"]
