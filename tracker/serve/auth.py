"""API keys and the page's sessions.

A key is 32 random bytes (``trk_`` and URL-safe base64), shown once when it is created; the
store keeps only its SHA-256 (a key is not a password: it has 256 bits of its own, so a slow
hash would add nothing). A key's role is ``read`` (every endpoint but decisions) or ``decide``
(decisions too). Once a key exists every endpoint but ``/healthz`` and ``/readyz`` needs one;
decisions always need a ``decide`` key. Clients send ``Authorization: ApiKey KEY`` (as
yente's client does) or ``Bearer KEY``.

The page signs in with a key and gets a session: a random id in an HttpOnly, SameSite=Strict
cookie, held in memory (a restart signs everyone out), with a CSRF token that every form
posts back."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from tracker.errors import InputError
from tracker.lists.store import Store

ROLES = ("read", "decide")
PREFIX = "trk_"
SESSION_COOKIE = "tracker_session"
SESSION_SECONDS = 8 * 3600  # idle time after which a session ends
SESSIONS = 10_000  # sessions held at most (the oldest go first)


@dataclass(frozen=True)
class Caller:
    """Who a request comes from: a key's name and role, or nobody (no key given)."""

    name: str | None
    role: str | None

    @property
    def can_decide(self) -> bool:
        return self.role == "decide"


NOBODY = Caller(None, None)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(store: Store, name: str, role: str, now: dt.datetime) -> str:
    """A new key (returned once: only its digest is stored)."""
    if role not in ROLES:
        raise InputError(f"--role {role!r}: read or decide")
    if not name.strip() or len(name) > 100 or not name.isprintable():
        raise InputError("--create-key NAME: a name of 1 to 100 printable characters")
    key = PREFIX + secrets.token_urlsafe(32)
    with store.transaction():
        if store.api_key_named(name) is not None:
            raise InputError(f"a key named {name!r} exists: --revoke-key it first")
        store.add_api_key(name, role, digest(key), now.isoformat(timespec="seconds"))
    return key


def key_of(header: str | None) -> str | None:
    """The key in an Authorization header (``ApiKey KEY`` or ``Bearer KEY``)."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() not in ("apikey", "bearer") or not value.strip():
        return None
    return value.strip()


def caller_of(store: Store, key: str | None) -> Caller | None:
    """The caller a key names; NOBODY for no key; None for a key the store does not hold."""
    if key is None:
        return NOBODY
    found = store.api_key(digest(key))
    if found is None:
        return None
    return Caller(found[0], found[1])


# --- the page's sessions -------------------------------------------------------------------------


@dataclass
class Session:
    caller: Caller
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    seen: float = field(default_factory=time.monotonic)


class Sessions:
    """Sessions by their cookie's id, in memory, bounded in number and idle time."""

    def __init__(self) -> None:
        self._by_id: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> Session | None:
        if not session_id:
            return None
        with self._lock:
            session = self._by_id.get(session_id)
            if session is None:
                return None
            if time.monotonic() - session.seen > SESSION_SECONDS:
                del self._by_id[session_id]
                return None
            session.seen = time.monotonic()
            self._by_id.move_to_end(session_id)
            return session

    def start(self, caller: Caller) -> tuple[str, Session]:
        session_id = secrets.token_urlsafe(32)
        session = Session(caller)
        with self._lock:
            self._by_id[session_id] = session
            while len(self._by_id) > SESSIONS:
                self._by_id.popitem(last=False)
        return session_id, session

    def end(self, session_id: str | None) -> None:
        with self._lock:
            self._by_id.pop(session_id or "", None)


def same_token(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
