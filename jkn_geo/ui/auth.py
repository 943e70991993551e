"""Streamlit side of the editor role (see :mod:`jkn_geo.auth`).

The editor role lives in ``st.session_state`` only as a signed, expiring token bound to the
session id and to this browser (its XSRF cookie, plus the client address when a trusted
proxy forwards it). Every rerun checks the token against the *current* connection: a
session id replayed from another browser does not carry the role. Showing the uploader to
a session that may edit opens uploads for it (:mod:`jkn_geo.ui.uploads`); anything else
closes them and gives the session's uploaded files back.
"""
from __future__ import annotations

import hashlib
import logging
import sys
import time

import streamlit as st

from jkn_geo import auth
from jkn_geo.text import Text
from jkn_geo.ui import uploads

log = logging.getLogger(__name__)

_KEY = "_jkn_editor_token"
_LEGACY_KEY = "_jkn_editor"

LOCAL_NOTE = Text("🔓 Mode lokal: tidak ada kata sandi editor, semua orang dapat mengubah data.",
                  "local mode, no editor password configured")
CLOSED_NOTE = Text("🔒 Mode hosted: pengeditan dimatikan karena kata sandi editor belum disetel.",
                   "editing disabled: no editor password configured")
SIGNED_IN = Text("🔑 Masuk sebagai editor sampai {until}.", "signed in as editor until {until}")
SIGN_OUT = Text("Keluar", "Sign out")
EXPIRED = Text("Sesi editor berakhir; silakan masuk lagi.", "The editor sign-in expired; please sign in again.")
LOGIN_TITLE = Text("Masuk sebagai editor untuk mengimpor, mengganti nama atau menghapus data.",
                   "Sign in as editor to import, rename or delete data.")
PASSWORD = Text("Kata sandi editor", "Editor password")
SIGN_IN = Text("Masuk", "Sign in")
NO_BINDING = Text("Masuk tidak bisa: cookie XSRF tidak ada (server.enableXsrfProtection harus aktif).",
                  "Cannot sign in: no XSRF cookie (server.enableXsrfProtection must be on).")


def _secrets() -> dict:
    try:
        keys = ("hosted", "editor_password_hash", "trusted_proxies", "session_secret", "editor_ttl_hours")
        return {k: st.secrets[k] for k in keys if k in st.secrets}
    except Exception:  # no secrets.toml: local mode
        return {}


def config() -> auth.AuthConfig:
    return auth.load_config(_secrets())


def _session_id() -> str:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return ctx.session_id if ctx else ""
    except Exception:  # noqa: BLE001
        return ""


def _ctx_get(what: str, name: str | None = None):
    try:
        obj = getattr(st.context, what)
        return obj.get(name) if name else obj
    except Exception:  # noqa: BLE001 - no connection (bare mode, tests)
        return None


def _client_key(cfg: auth.AuthConfig | None = None) -> str:
    cfg = cfg or config()
    return auth.client_key(cfg, _session_id(), _ctx_get("ip_address"), _ctx_get("headers", "X-Forwarded-For"))


def _xsrf_secret() -> str:
    """The browser's XSRF token (unmasked when Streamlit's helper can, else the raw cookie)."""
    raw = _ctx_get("cookies", "_streamlit_xsrf") or ""
    if not raw:
        return ""
    try:
        from streamlit.web.server.starlette.starlette_app_utils import decode_xsrf_token_string

        token, _ts = decode_xsrf_token_string(raw)
        if token:
            return token.hex()
    except Exception:  # noqa: BLE001 - another Streamlit version: the raw cookie binds as well
        pass
    return raw


def _binding(cfg: auth.AuthConfig) -> str:
    xsrf = _xsrf_secret()
    if not xsrf:
        return ""
    return hashlib.sha256(f"{xsrf}|{_client_key(cfg)}".encode()).hexdigest()


def _secret() -> bytes:
    return auth._secret(_secrets())  # noqa: SLF001 - same package, UI side of it


def _valid_token(cfg: auth.AuthConfig) -> bool:
    tok = st.session_state.get(_KEY)
    if not tok:
        return False
    binding = _binding(cfg)
    if binding and auth.check_token(tok, _session_id(), binding, secret=_secret()):
        return True
    st.session_state.pop(_KEY, None)          # expired or another browser: the role is gone
    return False


def is_editor() -> bool:
    cfg = config()
    st.session_state.pop(_LEGACY_KEY, None)   # a bare flag grants nothing
    return cfg.mode == "open" or (cfg.mode == "password" and _valid_token(cfg))


def _show(where, kind: str, t: Text) -> None:
    getattr(where, kind)(f"{t.id} ({t.en})")


def _rehash_notice(cfg: auth.AuthConfig, password: str) -> None:
    """After a good sign-in with an old-parameter hash: print a current one for the operator."""
    if not auth.needs_rehash(cfg.password_hash or ""):
        return
    new = auth.hash_password(password)
    msg = ("JKN Atlas: the editor password hash uses old scrypt parameters. Store this new hash in "
           "JKN_ATLAS_EDITOR_HASH (or editor_password_hash in secrets):\n" + new)
    log.warning(msg)
    print(msg, file=sys.stderr, flush=True)


def _gate(where, cfg: auth.AuthConfig) -> bool:
    if cfg.mode == "open":
        _show(where, "caption", LOCAL_NOTE)
        return True
    if cfg.mode == "closed":
        _show(where, "info", CLOSED_NOTE)
        return False
    had_token = bool(st.session_state.get(_KEY))
    if _valid_token(cfg):
        exp = auth.token_expiry(st.session_state.get(_KEY)) or time.time()
        until = time.strftime("%H:%M", time.localtime(exp))
        c1, c2 = where.columns([3, 1])
        t = SIGNED_IN.format(until=until)
        c1.caption(f"{t.id} ({t.en})")
        if c2.button(SIGN_OUT.both(), key="_jkn_logout"):
            st.session_state.pop(_KEY, None)
            uploads.revoke(_session_id())
            st.rerun()
        return True
    if had_token:
        _show(where, "info", EXPIRED)
    with where.form("_jkn_login", clear_on_submit=True):
        st.markdown(f"**{LOGIN_TITLE.id}** ({LOGIN_TITLE.en})")
        pw = st.text_input(PASSWORD.both(), type="password", key="_jkn_pw", max_chars=256)
        submitted = st.form_submit_button(SIGN_IN.both())
    if submitted:
        st.session_state.pop("_jkn_pw", None)
        binding = _binding(cfg)
        if not binding:
            _show(where, "error", NO_BINDING)
            return False
        ok, msg = auth.attempt_login(cfg, str(pw or "")[:256], _client_key(cfg))
        if ok:
            _rehash_notice(cfg, str(pw))
            st.session_state[_KEY] = auth.issue_token(_session_id(), binding, cfg.ttl_s, secret=_secret())
            st.rerun()
        _show(where, "error", msg)
    return False


def editor_gate(where=None) -> bool:
    """Show the login (or the local-mode notice) and return True if this session may edit.

    The Data page shows the uploader right after a True answer, so uploads are opened for this
    session (until the sign-in expires) and closed, with its files released, otherwise."""
    uploads.install()
    where = where or st
    cfg = config()
    st.session_state.pop(_LEGACY_KEY, None)
    ok = _gate(where, cfg)
    sid = _session_id()
    if ok:
        left = auth.token_expiry(st.session_state.get(_KEY))
        uploads.grant(sid, (left - time.time()) if left else uploads.UPLOAD_GRANT_S)
    else:
        uploads.revoke(sid)
    return ok
