"""Issue 14 repros 2, 3, 6, 10 (and 4, 7 further down): each failed before the change.

Servers run on 127.0.0.1 only and are stopped; request counts are bounded."""
from __future__ import annotations

import asyncio
import http.cookiejar
import os
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from jkn_geo import auth

FAST = dict(n=2 ** 10, r=8, p=1)
ROOT = Path(__file__).resolve().parents[1]


# ---- repro 3: one viewer locks the editor out ------------------------------------------------------
def test_repro3_wrong_passwords_of_one_session_do_not_lock_out_another():
    """Before: every session shared one throttle key; 10 failures → the editor waited 242 s."""
    cfg = auth.AuthConfig(hosted=True, password_hash=auth.hash_password("right-pass-1", **FAST))
    t = auth.Throttle(clock=time.monotonic)
    attacker, editor = auth.client_key(cfg, "sess-A"), auth.client_key(cfg, "sess-B")
    assert attacker != editor
    for _ in range(10):
        t.record(attacker, ok=False)
    assert t.wait_seconds(attacker) > 0
    assert t.wait_seconds(editor) == 0
    ok, _msg = auth.attempt_login(cfg, "right-pass-1", editor, t)
    assert ok


def test_forwarded_address_only_from_a_trusted_proxy():
    plain = auth.AuthConfig(hosted=True, password_hash="x")
    assert auth.client_key(plain, "s1", "10.0.0.1", "1.2.3.4") == "session:s1"      # XFF not trusted
    behind = auth.AuthConfig(hosted=True, password_hash="x", trusted_proxies=("10.0.0.1",))
    assert auth.client_key(behind, "s1", "10.0.0.1", "6.6.6.6, 1.2.3.4") == "ip:1.2.3.4"   # right-most hop
    assert auth.client_key(behind, "s1", "8.8.8.8", "1.2.3.4") == "session:s1"      # not from the proxy
    assert auth.client_key(behind, "s1", "10.0.0.1", None) == "session:s1"


def test_process_wide_limit_decays():
    now = [0.0]
    t = auth.Throttle(clock=lambda: now[0], window=60, global_max=5)
    for i in range(5):
        t.record(f"c{i}", ok=False)
    assert 0 < t.wait_seconds("fresh") <= 60        # the whole process pauses ...
    now[0] += 61
    assert t.wait_seconds("fresh") == 0             # ... but not for ever
    now[0] += 3 * 3600
    assert t.wait_seconds("c0") == 0                # one client's failures are forgotten too


def test_throttle_remembers_a_bounded_number_of_clients():
    t = auth.Throttle(max_clients=100, clock=lambda: 0.0)
    for i in range(1000):
        t.record(f"c{i}", ok=False)
    assert len(t._fails) == 100


# ---- repro 10: parallel logins ----------------------------------------------------------------------
def test_repro10_parallel_logins_get_no_extra_checks(monkeypatch):
    """Before: 20 parallel logins got 4 password checks where 3 are allowed."""
    cfg = auth.AuthConfig(hosted=True, password_hash=auth.hash_password("right-pass-1", **FAST))
    t = auth.Throttle(free=3)
    checks = []

    def slow_verify(pw, stored):
        checks.append(pw)
        time.sleep(0.05)
        return False

    monkeypatch.setattr(auth, "verify_password", slow_verify)
    barrier = threading.Barrier(20)

    def go():
        barrier.wait()
        auth.attempt_login(cfg, "wrong", "same-client", t)

    threads = [threading.Thread(target=go) for _ in range(20)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert len(checks) == 3


# ---- repro 6: session id as a credential; expiry; hash parameters -----------------------------------
def test_token_is_bound_to_session_client_and_expiry():
    sec = b"k" * 32
    tok = auth.issue_token("sess", "browser-A", 3600, now=1000, secret=sec)
    assert auth.check_token(tok, "sess", "browser-A", now=1001, secret=sec)
    assert not auth.check_token(tok, "sess", "browser-B", now=1001, secret=sec)     # another browser
    assert not auth.check_token(tok, "other", "browser-A", now=1001, secret=sec)    # another session
    assert not auth.check_token(tok, "sess", "browser-A", now=1000 + 3601, secret=sec)  # expired
    assert not auth.check_token(tok, "sess", "browser-A", now=1001, secret=b"z" * 32)  # another secret
    assert not auth.check_token(tok.replace("v1.", "v1.9"), "sess", "browser-A", now=1001, secret=sec)
    assert not auth.check_token(True, "sess", "browser-A")
    assert auth.load_config().ttl_s == 8 * 3600


def _gate_app():
    import streamlit as st

    from jkn_geo.ui.auth import editor_gate

    st.write("EDITOR" if editor_gate() else "VIEWER")


def _role(at) -> str:
    return "EDITOR" if any(m.value == "EDITOR" for m in at.markdown) else "VIEWER"


@pytest.fixture
def hosted(monkeypatch):
    monkeypatch.setenv("JKN_ATLAS_HOSTED", "1")
    h = auth.hash_password("right-pass-1", **FAST)
    monkeypatch.setenv("JKN_ATLAS_EDITOR_HASH", h)
    return h


def _sign_in(at, pw="right-pass-1"):
    at.text_input(key="_jkn_pw").input(pw)
    at.button[0].click()
    return at.run()


def test_repro6_replayed_session_id_is_not_an_editor(hosted, monkeypatch):
    """Before: reconnecting with the editor's session id gave the editor UI (a flag in session state)."""
    from streamlit.testing.v1 import AppTest

    from jkn_geo.ui import auth as ui_auth

    browser = {"xsrf": "cookie-of-the-editor"}
    monkeypatch.setattr(ui_auth, "_xsrf_secret", lambda: browser["xsrf"], raising=False)
    at = AppTest.from_function(_gate_app).run()
    assert _role(at) == "VIEWER"
    _sign_in(at)
    assert _role(at) == "EDITOR"
    assert "_jkn_editor" not in at.session_state          # no bare flag
    browser["xsrf"] = "cookie-of-an-attacker"        # same session id, another browser
    at.run()
    assert _role(at) == "VIEWER"
    browser["xsrf"] = "cookie-of-the-editor"         # the role was dropped, not just hidden
    at.run()
    assert _role(at) == "VIEWER"


def test_sign_in_expires(hosted, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from jkn_geo.ui import auth as ui_auth

    monkeypatch.setattr(ui_auth, "_xsrf_secret", lambda: "c", raising=False)
    at = _sign_in(AppTest.from_function(_gate_app).run())
    assert _role(at) == "EDITOR"
    real = time.time
    monkeypatch.setattr(auth.time, "time", lambda: real() + 8 * 3600 + 5)
    at.run()
    assert _role(at) == "VIEWER"


def test_old_hash_signs_in_and_a_new_one_is_printed(hosted, monkeypatch, capsys):
    from streamlit.testing.v1 import AppTest

    from jkn_geo.ui import auth as ui_auth

    assert auth.needs_rehash(hosted) and not auth.needs_rehash(auth.hash_password("x"))
    monkeypatch.setattr(ui_auth, "_xsrf_secret", lambda: "c", raising=False)
    at = _sign_in(AppTest.from_function(_gate_app).run())
    assert _role(at) == "EDITOR"
    new = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("scrypt$")]
    assert new and new[-1].startswith(f"scrypt${2 ** 17}$8$1$")
    assert auth.verify_password("right-pass-1", new[-1]) and not auth.needs_rehash(new[-1])


# ---- a real server: repro 2 (uploads) and repro 10 (widget ids) --------------------------------------
def _xsrf(base: str) -> str:
    cj = http.cookiejar.CookieJar()
    urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj)).open(base + "/_stcore/health", timeout=10)
    return next((c.value for c in cj if c.name == "_streamlit_xsrf"), "")


async def _session(base: str, cookie: str, widgets=None, wait_s: float = 60.0, during=None):
    """Open a session the way a browser does, run the page once, then ``during(session id)``
    (in a thread) while the session is connected; ``(session id, ForwardMsgs, during's result)``."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = base.replace("http", "ws", 1) + "/_stcore/stream"
    headers = {"Origin": base, "Cookie": f"_streamlit_xsrf={cookie}"}
    msgs, sid = [], None
    async with websockets.connect(url, subprotocols=["streamlit", cookie], additional_headers=headers,
                                  max_size=2 ** 26) as ws:
        bm = BackMsg()
        bm.rerun_script.query_string = ""
        if widgets is not None:
            bm.rerun_script.widget_states.CopyFrom(widgets)
        await ws.send(bm.SerializeToString())
        loop = asyncio.get_running_loop()
        end = loop.time() + wait_s
        while loop.time() < end:
            try:
                raw = await asyncio.wait_for(ws.recv(), end - loop.time())
            except TimeoutError:
                break
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            msgs.append(fm)
            if fm.WhichOneof("type") == "new_session":
                sid = fm.new_session.initialize.session_id
            if fm.WhichOneof("type") == "script_finished":
                break
        result = await asyncio.to_thread(during, sid) if during else None
    return sid, msgs, result


def _put(base: str, sid: str, cookie: str, size: int, fid: str = "f1") -> int:
    head = (b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
            b"Content-Type: text/csv\r\n\r\n")
    body = head + b"x" * size + b"\r\n--B--\r\n"
    req = urllib.request.Request(f"{base}/_stcore/upload_file/{sid}/{fid}", data=body, method="PUT",
                                 headers={"Content-Type": "multipart/form-data; boundary=B",
                                          "X-Xsrftoken": cookie, "Cookie": f"_streamlit_xsrf={cookie}"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, ConnectionError):
        return 499


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _exceptions(msgs) -> list[str]:
    out = []
    for m in msgs:
        if m.WhichOneof("type") == "delta" and m.delta.new_element.WhichOneof("type") == "exception":
            out.append(m.delta.new_element.exception.message)
    return out


def test_repro2_viewer_cannot_fill_memory_through_the_upload_endpoint(tmp_path):
    """Before: 40 × 25 MB PUTs with no uploader on the page were accepted (401 → 1.400 MB)."""
    import devserver

    proc, base = devserver.start_streamlit(ROOT / "app.py", log=tmp_path / "server.log", timeout=120,
                                           env_extra={"JKN_GEO_DB": tmp_path / "s.duckdb", "JKN_ATLAS_HOSTED": "1",
                                                      "JKN_ATLAS_EDITOR_HASH": auth.hash_password("pw-123456789",
                                                                                                  **FAST)})
    try:
        cookie = _xsrf(base)
        rss = []

        def attack(sid):
            rss.append(_rss_mb(proc.pid))
            codes = [_put(base, sid, cookie, 24 * 1024 * 1024, fid=f"f{i}") for i in range(8)]
            rss.append(_rss_mb(proc.pid))
            return codes

        sid, _, codes = asyncio.run(_session(base, cookie, during=attack))
        assert sid
        before, after = rss
        print(f"upload repro: codes {codes}, RSS {before:.0f} → {after:.0f} MB")
        # refused before the body is read: a 403, or the connection closed while the client still sends
        assert all(c in (403, 499) for c in codes), codes
        assert after - before < 60
        assert (tmp_path / "server.log").read_text().count("upload refused (403)") == len(codes)
    finally:
        devserver.stop(proc)


UPLOAD_APP = '''
import streamlit as st
from jkn_geo.ui import uploads
uploads.install()
if not st.session_state.get("data_msg"):
    st.write("no message")
from streamlit.runtime.scriptrunner import get_script_run_ctx
if st.query_params.get("deny") != "1":
    uploads.grant(get_script_run_ctx().session_id)
    st.file_uploader("f", key="up")
st.write("done")
'''


def test_upload_budget_and_widget_ids(tmp_path):
    """Uploads where an uploader is shown: within the per-session budget; a session-state key
    sent as a widget id no longer gives a traceback (repro 10)."""
    import devserver
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    from jkn_geo.config import MAX_UPLOAD_BYTES

    script = tmp_path / "up_app.py"
    script.write_text(UPLOAD_APP)
    proc, base = devserver.start_streamlit(script, log=tmp_path / "server.log")
    try:
        cookie = _xsrf(base)
        big = MAX_UPLOAD_BYTES - 4096
        _sid, msgs, codes = asyncio.run(_session(base, cookie, during=lambda sid: [
            _put(base, sid, cookie, big, f) for f in "abc"]))
        assert not _exceptions(msgs)
        assert codes[:2] == [204, 204]
        assert codes[2] in (413, 499)                            # the session's budget
        assert "upload refused (413)" in (tmp_path / "server.log").read_text()
        ws = WidgetStates()
        w = ws.widgets.add()
        w.id, w.string_value = "data_msg", "boom"
        _sid2, msgs2, _ = asyncio.run(_session(base, cookie, widgets=ws))
        assert not _exceptions(msgs2), _exceptions(msgs2)
    finally:
        devserver.stop(proc)


# ---- repro 7: opening a damaged store changes it -----------------------------------------------------
def _digest(p: Path) -> str:
    import hashlib

    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_repro7_opening_a_damaged_store_changes_nothing(tmp_path):
    """Before: a store truncated to half with its WAL beside it grew (2,5 → 7,6 MB) and lost the WAL."""
    from jkn_geo.figures import store as S

    p = tmp_path / "s.duckdb"
    st = S.Store(p)
    st.con.execute("CREATE TABLE pad AS SELECT range AS i, md5(range::VARCHAR) AS s FROM range(80000)")
    st.close()
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    wal = tmp_path / "s.duckdb.wal"
    wal.write_bytes(os.urandom(4096))
    before = (p.stat().st_size, _digest(p), _digest(wal))
    with pytest.raises(S.StoreCorrupt):
        S.Store(p)
    assert (p.stat().st_size, _digest(p), wal.exists() and _digest(wal)) == before
    copies = sorted(tmp_path.glob("s.duckdb.damaged-*"))
    assert [c.name.endswith(".wal") for c in copies] == [False, True]
    assert _digest(copies[0]) == before[1] and _digest(copies[1]) == before[2]


def test_healthy_store_opens_as_before(tmp_path):
    from jkn_geo.figures import store as S

    st = S.Store(tmp_path / "ok.duckdb")
    st.close()
    S.Store(tmp_path / "ok.duckdb").close()
    assert not list(tmp_path.glob("*.damaged-*"))
