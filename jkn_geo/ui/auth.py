"""Streamlit side of the editor role (see :mod:`jkn_geo.auth`)."""
from __future__ import annotations

import streamlit as st

from jkn_geo import auth

_KEY = "_jkn_editor"


def _secrets() -> dict:
    try:
        return {k: st.secrets[k] for k in ("hosted", "editor_password_hash") if k in st.secrets}
    except Exception:  # no secrets.toml: local mode
        return {}


def _client_key() -> str:
    try:
        ctx = st.context
        ip = getattr(ctx, "ip_address", None) or ""
        return ip or "session-" + str(id(st.session_state))
    except Exception:
        return "session-" + str(id(st.session_state))


def config() -> auth.AuthConfig:
    return auth.load_config(_secrets())


def is_editor() -> bool:
    cfg = config()
    return cfg.mode == "open" or (cfg.mode == "password" and bool(st.session_state.get(_KEY)))


def editor_gate(where=None) -> bool:
    """Show the login (or the local-mode notice) and return True if this session may edit."""
    where = where or st
    cfg = config()
    if cfg.mode == "open":
        where.caption("🔓 Mode lokal: tidak ada kata sandi editor, semua orang dapat mengubah data "
                      "(local mode, no editor password configured).")
        return True
    if cfg.mode == "closed":
        where.info("🔒 Mode hosted: pengeditan dimatikan karena kata sandi editor belum disetel "
                   "(editing disabled: no editor password configured).")
        return False
    if st.session_state.get(_KEY):
        c1, c2 = where.columns([3, 1])
        c1.caption("🔑 Masuk sebagai editor (signed in as editor).")
        if c2.button("Keluar", key="_jkn_logout"):
            st.session_state.pop(_KEY, None)
            st.rerun()
        return True
    with where.form("_jkn_login", clear_on_submit=True):
        st.markdown("**Masuk sebagai editor** untuk mengimpor, mengganti nama atau menghapus data.")
        pw = st.text_input("Kata sandi editor", type="password", key="_jkn_pw")
        submitted = st.form_submit_button("Masuk")
    if submitted:
        ok, msg = auth.attempt_login(cfg, pw, _client_key())
        st.session_state.pop("_jkn_pw", None)
        if ok:
            st.session_state[_KEY] = True
            st.rerun()
        where.error(msg)
    return False
