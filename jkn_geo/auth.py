"""Editor role: who may import, rename and delete datasets.

- **Local mode** (default): nobody configured a password → everyone may edit, and the UI
  says so.
- **Hosted mode** (``JKN_ATLAS_HOSTED=1`` or ``hosted = true`` in Streamlit secrets): anyone
  may view; changing data needs the editor password. With no password hash configured in
  hosted mode, editing is switched off entirely (fail closed).

The password is stored only as an scrypt hash (N = 2^17, r = 8, p = 1; ``JKN_ATLAS_EDITOR_HASH``
or ``editor_password_hash`` in Streamlit secrets), made with ``python -m jkn_geo hash-password``.
A hash made with weaker parameters still signs in; then :func:`needs_rehash` says so and the
UI prints a new hash for the operator to store (the hash lives in an env var or a secret, so
the app cannot replace it itself). One password check runs at a time (each needs 128 MiB).

Failed sign-ins are throttled per client (the address the trusted reverse proxy forwards,
when ``JKN_ATLAS_TRUSTED_PROXIES`` names it, else the Streamlit session) and process-wide
by a sliding window that decays: no viewer can lock the editor out for longer than the
window. Checking and recording an attempt is one atomic step, so parallel attempts get no
extra checks.

A successful sign-in gives a token: ``HMAC(secret, session id | client binding | expiry)``
with a per-process random secret (or ``JKN_ATLAS_SESSION_SECRET``). The UI checks it on every
rerun against the current connection, so a replayed session id from another browser (other
XSRF cookie) is not an editor; it expires after :data:`EDITOR_TTL_HOURS`.
The password itself is never logged, echoed or kept.
"""
from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass

from jkn_geo.config import (
    EDITOR_TTL_HOURS,
    ENV_EDITOR_HASH,
    ENV_EDITOR_TTL_HOURS,
    ENV_HOSTED,
    ENV_SESSION_SECRET,
    ENV_TRUSTED_PROXIES,
    LOGIN_FORGET_S,
    LOGIN_FREE_ATTEMPTS,
    LOGIN_GLOBAL_MAX_FAILS,
    LOGIN_GLOBAL_WINDOW_S,
    LOGIN_MAX_CLIENTS,
    LOGIN_MAX_PAUSE_S,
)
from jkn_geo.text import Text

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 17, 8, 1     # OWASP's scrypt minimum (128 MiB, ~0,5–1 s)
_MAXMEM = 2 ** 28
FREE_ATTEMPTS = LOGIN_FREE_ATTEMPTS           # failures before pauses start
MAX_PAUSE_S = LOGIN_MAX_PAUSE_S

MSG_OPEN = Text("Mode lokal tanpa kata sandi: semua orang dapat mengubah data.",
                "Local mode without a password: everyone may change data.")
MSG_CLOSED = Text("Pengeditan dimatikan: mode hosted tanpa kata sandi editor. Setel JKN_ATLAS_EDITOR_HASH "
                  "(python -m jkn_geo hash-password).",
                  "Editing is off: hosted mode without an editor password. Set JKN_ATLAS_EDITOR_HASH "
                  "(python -m jkn_geo hash-password).")
MSG_WAIT = Text("Terlalu banyak percobaan gagal. Coba lagi dalam {s} detik.",
                "Too many failed attempts. Try again in {s} seconds.")
MSG_BUSY = Text("Server sedang memeriksa kata sandi lain. Coba lagi sebentar lagi.",
                "The server is checking another password. Try again in a moment.")
MSG_OK = Text("Masuk sebagai editor.", "Signed in as editor.")
MSG_WRONG = Text("Kata sandi salah.", "Wrong password.")


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    if not password:
        raise ValueError("the password must not be empty")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${n}${r}${p}${b64(salt)}${b64(digest)}"


def _params(stored: str) -> tuple[int, int, int] | None:
    try:
        scheme, n, r, p, _salt, _digest = stored.strip().split("$")
        return (int(n), int(r), int(p)) if scheme == "scrypt" else None
    except (ValueError, AttributeError):
        return None


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a ``hash_password`` string."""
    try:
        scheme, n, r, p, salt, digest = stored.strip().split("$")
        if scheme != "scrypt" or int(n) > 2 ** 20 or int(r) > 32 or int(p) > 16:
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt((password or "").encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), maxmem=_MAXMEM * 2, dklen=len(expected))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


def needs_rehash(stored: str) -> bool:
    """True for a (valid) hash made with weaker parameters than the current ones."""
    p = _params(stored or "")
    return p is not None and (p[0] < SCRYPT_N or p[1] < SCRYPT_R)


@dataclass(frozen=True)
class AuthConfig:
    hosted: bool
    password_hash: str | None
    trusted_proxies: tuple[str, ...] = ()
    ttl_s: float = EDITOR_TTL_HOURS * 3600

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
    proxies = os.environ.get(ENV_TRUSTED_PROXIES) or secrets_map.get("trusted_proxies") or ""
    if isinstance(proxies, (list, tuple)):
        proxies = ",".join(map(str, proxies))
    ttl_h = os.environ.get(ENV_EDITOR_TTL_HOURS) or secrets_map.get("editor_ttl_hours") or EDITOR_TTL_HOURS
    try:
        ttl_s = max(60.0, min(float(ttl_h) * 3600, 7 * 24 * 3600.0))
    except (TypeError, ValueError):
        ttl_s = EDITOR_TTL_HOURS * 3600
    return AuthConfig(hosted=hosted, password_hash=h,
                      trusted_proxies=tuple(p.strip() for p in str(proxies).split(",") if p.strip()),
                      ttl_s=ttl_s)


# ---- who is the client ---------------------------------------------------------------------------
def client_key(config: AuthConfig, session_id: str, peer: str | None = None,
               forwarded_for: str | None = None) -> str:
    """The throttle's key for one client: the address the trusted proxy forwarded when the
    direct peer is a configured proxy (the right-most ``X-Forwarded-For`` entry that is not a
    proxy itself), else the Streamlit session. ``X-Forwarded-For`` from anyone else is ignored
    (a client can write any value there)."""
    if config.trusted_proxies and peer and peer in config.trusted_proxies and forwarded_for:
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        for h in reversed(hops):
            if h not in config.trusted_proxies:
                return "ip:" + h[:64]
    return "session:" + str(session_id)[:64]


# ---- throttle ------------------------------------------------------------------------------------
class Throttle:
    """Growing pauses after repeated failed sign-ins per client key, plus a process-wide
    sliding-window limit (at most ``global_max`` failures in ``window`` seconds) that decays.

    :meth:`begin` checks and reserves an attempt in one locked step (counted as a failure
    until :meth:`record` says it succeeded), so parallel attempts cannot all pass the check."""

    def __init__(self, free: int = FREE_ATTEMPTS, max_pause: float = MAX_PAUSE_S, clock=time.monotonic,
                 window: float = LOGIN_GLOBAL_WINDOW_S, global_max: int = LOGIN_GLOBAL_MAX_FAILS,
                 forget: float = LOGIN_FORGET_S, max_clients: int = LOGIN_MAX_CLIENTS):
        self.free, self.max_pause, self.clock = free, max_pause, clock
        self.window, self.global_max, self.forget, self.max_clients = window, global_max, forget, max_clients
        self._fails: collections.OrderedDict[str, tuple[int, float]] = collections.OrderedDict()
        self._recent: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def _pause(self, n: int) -> float:
        return 0.0 if n < self.free else min(self.max_pause, 2.0 ** (n - self.free + 1))

    def _expire(self, now: float) -> None:
        while self._recent and now - self._recent[0] >= self.window:
            self._recent.popleft()

    def _wait(self, key: str, now: float) -> float:
        self._expire(now)
        waits = [0.0]
        n, last = self._fails.get(key, (0, 0.0))
        if n and now - last >= self.forget:
            self._fails.pop(key, None)
        elif n:
            waits.append(self._pause(n) - (now - last))
        if len(self._recent) >= self.global_max:
            waits.append(self._recent[len(self._recent) - self.global_max] + self.window - now)
        return max(waits)

    def wait_seconds(self, key: str) -> float:
        """Seconds ``key`` must still wait before the next attempt (0 = may try now)."""
        with self._lock:
            return self._wait(key, self.clock())

    def _fail(self, key: str, now: float) -> None:
        n, _ = self._fails.pop(key, (0, 0.0))
        self._fails[key] = (n + 1, now)
        while len(self._fails) > self.max_clients:
            self._fails.popitem(last=False)
        self._recent.append(now)
        while len(self._recent) > self.global_max * 4:
            self._recent.popleft()

    def begin(self, key: str) -> float:
        """0 and the attempt is reserved (counted as failed until recorded as good), or the
        seconds to wait and nothing is reserved."""
        with self._lock:
            now = self.clock()
            wait = self._wait(key, now)
            if wait > 0:
                return wait
            self._fail(key, now)
            return 0.0

    def succeeded(self, key: str) -> None:
        """A reserved attempt was right: the client's failures are forgotten."""
        with self._lock:
            self._fails.pop(key, None)

    def record(self, key: str, ok: bool) -> None:
        if ok:
            self.succeeded(key)
        else:
            with self._lock:
                self._fail(key, self.clock())


THROTTLE = Throttle()
_CHECKING = threading.BoundedSemaphore(1)     # one scrypt check (128 MiB) at a time


def attempt_login(config: AuthConfig, password: str, client: str, throttle: Throttle = THROTTLE,
                  busy_wait: float = 5.0) -> tuple[bool, Text]:
    """Check a login attempt. Returns (ok, message for the user); never echoes the password."""
    if config.mode == "open":
        return True, MSG_OPEN
    if config.mode == "closed":
        return False, MSG_CLOSED
    wait = throttle.begin(client)
    if wait > 0:
        return False, MSG_WAIT.format(s=int(wait) + 1)
    if not _CHECKING.acquire(timeout=busy_wait):
        return False, MSG_BUSY                # the reserved attempt stays counted
    try:
        ok = verify_password(password, config.password_hash or "")
    finally:
        _CHECKING.release()
    if ok:
        throttle.succeeded(client)
    return (True, MSG_OK) if ok else (False, MSG_WRONG)


# ---- signed, expiring editor tokens --------------------------------------------------------------
_PROCESS_SECRET = secrets.token_bytes(32)


def _secret(secrets_map=None) -> bytes:
    s = os.environ.get(ENV_SESSION_SECRET) or (secrets_map or {}).get("session_secret")
    return hashlib.sha256(str(s).encode()).digest() if s else _PROCESS_SECRET


def _mac(session_id: str, binding: str, expires: int, secret: bytes) -> str:
    msg = f"editor|{session_id}|{binding}|{expires}".encode()
    return hmac.new(secret, msg, hashlib.sha256).hexdigest()


def issue_token(session_id: str, binding: str, ttl_s: float, *, now: float | None = None,
                secret: bytes | None = None) -> str:
    """``v1.<expiry>.<hmac>``: the editor role for this session and this client until expiry."""
    expires = int((time.time() if now is None else now) + ttl_s)
    return f"v1.{expires}.{_mac(session_id, binding, expires, secret or _secret())}"


def check_token(token, session_id: str, binding: str, *, now: float | None = None,
                secret: bytes | None = None) -> bool:
    """True only for an unexpired token issued to this session id and client binding."""
    try:
        v, exp, mac = str(token).split(".")
        expires = int(exp)
    except (ValueError, AttributeError):
        return False
    if v != "v1" or expires <= (time.time() if now is None else now):
        return False
    return hmac.compare_digest(mac, _mac(session_id, binding, expires, secret or _secret()))


def token_expiry(token) -> float | None:
    try:
        return float(str(token).split(".")[1])
    except (IndexError, ValueError):
        return None
