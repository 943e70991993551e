"""Editor role: scrypt hashes, modes, throttling, no password echo."""
from __future__ import annotations

import subprocess
import sys

import pytest

from jkn_geo import auth

FAST = dict(n=2 ** 10, r=8, p=1)


def test_hash_and_verify():
    h = auth.hash_password("rahasia-sekali", **FAST)
    assert h.startswith("scrypt$1024$8$1$") and "rahasia" not in h
    assert auth.verify_password("rahasia-sekali", h)
    assert not auth.verify_password("rahasia-sekalI", h)
    assert not auth.verify_password("", h)
    assert not auth.verify_password("x", "garbage")
    assert auth.hash_password("a", **FAST) != auth.hash_password("a", **FAST)  # salted
    with pytest.raises(ValueError):
        auth.hash_password("")


def test_modes(monkeypatch):
    monkeypatch.delenv("JKN_ATLAS_HOSTED", raising=False)
    monkeypatch.delenv("JKN_ATLAS_EDITOR_HASH", raising=False)
    assert auth.load_config().mode == "open"
    assert auth.load_config({"hosted": True}).mode == "closed"
    monkeypatch.setenv("JKN_ATLAS_HOSTED", "1")
    assert auth.load_config().mode == "closed"
    ok, msg = auth.attempt_login(auth.load_config(), "anything", "c1")
    assert not ok and "hash-password" in msg.id
    monkeypatch.setenv("JKN_ATLAS_EDITOR_HASH", auth.hash_password("pw-1234567", **FAST))
    assert auth.load_config().mode == "password"
    assert auth.load_config({"editor_password_hash": "scrypt$..."}).password_hash != "scrypt$..."  # env wins


def test_throttle_pauses_after_failures():
    now = [1000.0]
    t = auth.Throttle(free=3, max_pause=60, clock=lambda: now[0])
    cfg = auth.AuthConfig(hosted=True, password_hash=auth.hash_password("right-pass", **FAST))
    for _ in range(3):
        ok, msg = auth.attempt_login(cfg, "wrong", "alice", t)
        assert not ok and msg.id == "Kata sandi salah."
    ok, msg = auth.attempt_login(cfg, "right-pass", "alice", t)  # even the right password must wait
    assert not ok and "Coba lagi dalam" in msg.id
    assert auth.attempt_login(cfg, "right-pass", "bob", t)[0]  # another client is not blocked
    now[0] += 3
    assert auth.attempt_login(cfg, "right-pass", "alice", t)[0]
    assert t.wait_seconds("alice") == 0


def test_pause_grows_and_is_capped():
    t = auth.Throttle(free=2, max_pause=10, clock=lambda: 0.0)
    for _ in range(10):
        t.record("k", ok=False)
    assert t.wait_seconds("k") == 10


def test_cli_hash_password_reads_stdin_and_never_echoes():
    out = subprocess.run([sys.executable, "-m", "jkn_geo", "hash-password"], input="very-secret-pw\n",
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    h = out.stdout.strip()
    assert "very-secret-pw" not in out.stdout + out.stderr
    assert auth.verify_password("very-secret-pw", h)
    short = subprocess.run([sys.executable, "-m", "jkn_geo", "hash-password"], input="short\n",
                           capture_output=True, text=True, timeout=60)
    assert short.returncode == 1 and "short" not in short.stdout
