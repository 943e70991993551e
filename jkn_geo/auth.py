"""Editor role: who may import, rename and delete datasets.

- **Local mode** (default): nobody configured a password → everyone may edit, and the UI
  says so.
- **Hosted mode** (``JKN_ATLAS_HOSTED=1`` or ``hosted = true`` in Streamlit secrets): anyone
  may view; changing data needs the editor password. With no password hash configured in
  hosted mode, editing is switched off entirely (fail closed).

The password is stored only as an scrypt hash (``JKN_ATLAS_EDITOR_HASH`` or
``editor_password_hash`` in Streamlit secrets), made with ``python -m jkn_geo hash-password``.
Repeated failures impose a growing pause (per client and for the whole process). The password
itself is never logged, echoed or kept.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass

from jkn_geo.config import ENV_EDITOR_HASH, ENV_HOSTED

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
FREE_ATTEMPTS = 3          # failures before pauses start
MAX_PAUSE_S = 300.0


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    if not password:
        raise ValueError("the password must not be empty")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=2 ** 27, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${n}${r}${p}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a ``hash_password`` string."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt((password or "").encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), maxmem=2 ** 27, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


@dataclass(frozen=True)
class AuthConfig:
    hosted: bool
    password_hash: str | None

    @property
    def mode(self) -> str:
        """``open`` (local, no password), ``password`` (login needed), ``closed`` (hosted, no hash)."""
        if self.password_hash:
            return "password"
        return "closed" if self.hosted else "open"


def _truthy(v) -> bool:
    return str(v).strip().lower() in {"1", "true", "yes", "on"}


def load_config(secrets_map=None) -> AuthConfig:
    """Read the configuration from the environment, then Streamlit secrets (passed in)."""
    secrets_map = secrets_map or {}
    hosted = _truthy(os.environ.get(ENV_HOSTED, "")) or _truthy(secrets_map.get("hosted", ""))
    h = os.environ.get(ENV_EDITOR_HASH) or secrets_map.get("editor_password_hash") or None
    return AuthConfig(hosted=hosted, password_hash=h)


class Throttle:
    """Growing pauses after repeated failed logins, per client key and process-wide."""

    def __init__(self, free: int = FREE_ATTEMPTS, max_pause: float = MAX_PAUSE_S, clock=time.monotonic):
        self.free, self.max_pause, self.clock = free, max_pause, clock
        self._fails: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _pause(self, n: int) -> float:
        return 0.0 if n < self.free else min(self.max_pause, 2.0 ** (n - self.free + 1))

    def wait_seconds(self, key: str) -> float:
        """Seconds ``key`` must still wait before the next attempt (0 = may try now)."""
        with self._lock:
            waits = []
            for k in (key, "*"):
                n, last = self._fails.get(k, (0, 0.0))
                scale = 1 if k == key else 10  # the process-wide counter tolerates more
                waits.append(self._pause(n // scale) - (self.clock() - last))
            return max(0.0, *waits)

    def record(self, key: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self._fails.pop(key, None)
                return
            now = self.clock()
            for k in (key, "*"):
                n, _ = self._fails.get(k, (0, 0.0))
                self._fails[k] = (n + 1, now)


THROTTLE = Throttle()


def attempt_login(config: AuthConfig, password: str, client: str, throttle: Throttle = THROTTLE) -> tuple[bool, str]:
    """Check a login attempt. Returns (ok, message for the user); never echoes the password."""
    if config.mode == "open":
        return True, "Mode lokal tanpa kata sandi: semua orang dapat mengubah data."
    if config.mode == "closed":
        return False, ("Pengeditan dimatikan: mode hosted tanpa kata sandi editor. Setel JKN_ATLAS_EDITOR_HASH "
                       "(python -m jkn_geo hash-password).")
    wait = throttle.wait_seconds(client)
    if wait > 0:
        return False, f"Terlalu banyak percobaan gagal. Coba lagi dalam {int(wait) + 1} detik."
    ok = verify_password(password, config.password_hash or "")
    throttle.record(client, ok)
    return (True, "Masuk sebagai editor.") if ok else (False, "Kata sandi salah.")
