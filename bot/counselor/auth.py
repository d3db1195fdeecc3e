"""Counselor authentication: argon2 passwords, lockout, sessions, CSRF and roles.

Sessions are aiohttp-session's `EncryptedCookieStorage` (Fernet) with a key derived from
`SESSION_SECRET`, so a forged or edited cookie is rejected without any server state. The
cookie is HttpOnly, SameSite=Strict, scoped to `/counselor/`, Secure when the public URL is
https. Every POST under `/counselor/` must carry the session's CSRF token, compared with
`secrets.compare_digest`.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from aiohttp import web
from aiohttp_session import Session, get_session
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.counselor.models import Counselor
from bot.limits import RateLimiter

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_MAX_AGE = 8 * 3600  # one working day
COOKIE_NAME = "pivot_counselor"
CSRF_FIELD = "csrf_token"
_hasher = PasswordHasher()
# A hash of a random password, verified when the email is unknown so both paths cost the same.
_DUMMY_HASH: str | None = None
# argon2id costs ~50 ms of CPU and 64 MiB per call by design: it runs on these threads, never on the event
# loop, and at most two at a time, so a burst of logins neither stalls the gateway nor its memory.
HASH_THREADS = 2
_executor: ThreadPoolExecutor | None = None

# Who is asking, set by the dashboard's guard middleware on each request (read fresh from the DB).
COUNSELOR_EMAIL = web.RequestKey("counselor_email", str)
COUNSELOR_ROLE = web.RequestKey("counselor_role", str)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def derive_cookie_key(session_secret: str) -> bytes:
    """32-byte Fernet key from SESSION_SECRET (domain-separated so the secret can be shared)."""
    return hashlib.sha256(b"pivot-counselor-session\x00" + session_secret.encode()).digest()


def hash_password(password: str) -> str:
    """Blocking; for the CLI. Code on the event loop awaits `hash_password_async`."""
    return _hasher.hash(password)


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:  # created on first use: nothing starts at import
        _executor = ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="argon2")
    return _executor


async def hash_password_async(password: str) -> str:
    """`hash_password` on the hashing threads."""
    return await asyncio.get_running_loop().run_in_executor(_pool(), hash_password, password)


def _verify_sync(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str, password: str) -> bool:
    """argon2 is deliberately slow; run it off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_pool(), _verify_sync, password_hash, password)


class LockedOut(Exception):
    def __init__(self, until: datetime) -> None:
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


def _aware(dt: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes even for timezone=True columns.
    if dt is not None and dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt


async def authenticate(db: AsyncSession, email: str, password: str, now: datetime | None = None) -> Counselor:
    """Return the counselor or raise `LockedOut` / `PermissionError`. Commits attempt counters.

    The account is read and its transaction ended before argon2 runs (on its threads), so no database
    lock is held while a password is checked; a failure is counted with one atomic UPDATE, so two
    guesses at once both count."""
    global _DUMMY_HASH
    now = now or datetime.now(timezone.utc)
    counselor = await db.scalar(select(Counselor).where(Counselor.email == email.strip().lower()))
    await db.commit()  # ends the read (the session keeps the loaded row: expire_on_commit=False)
    if counselor is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = await hash_password_async(secrets.token_urlsafe(16))
        await verify_password(_DUMMY_HASH, password)
        raise PermissionError("unknown email or wrong password")
    locked_until = _aware(counselor.locked_until)
    if locked_until and locked_until > now:
        raise LockedOut(locked_until)
    if await verify_password(counselor.password_hash, password):
        new_hash = None
        if _hasher.check_needs_rehash(counselor.password_hash):
            new_hash = await hash_password_async(password)
        counselor.failed_attempts = 0
        counselor.locked_until = None
        if new_hash:
            counselor.password_hash = new_hash
        await db.commit()
        return counselor
    failed = await db.scalar(
        update(Counselor)
        .where(Counselor.id == counselor.id)
        .values(failed_attempts=Counselor.failed_attempts + 1)
        .returning(Counselor.failed_attempts)
    )
    if failed is not None and failed >= MAX_FAILED_ATTEMPTS:
        until = now + LOCKOUT
        await db.execute(
            update(Counselor)
            .where(Counselor.id == counselor.id)
            .values(locked_until=until, failed_attempts=0)
        )
        await db.commit()
        raise LockedOut(until)
    await db.commit()
    raise PermissionError("unknown email or wrong password")


class LoginThrottle:
    """Failed logins counted per email — known or not, so an unknown email neither gets unlimited
    guesses nor reveals itself by never locking — and per client address (password spraying across
    many emails), in a sliding window of `LOCKOUT`. The DB lockout of known accounts stays as well."""

    PER_ADDRESS = 20

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        window = LOCKOUT.total_seconds()
        extra = {"clock": clock} if clock else {}
        self._emails = RateLimiter(MAX_FAILED_ATTEMPTS, window_s=window, **extra)
        self._addresses = RateLimiter(self.PER_ADDRESS, window_s=window, **extra)

    def blocked(self, email: str, address: str) -> str | None:
        """ "email" or "address" when that one has failed too often lately, else None."""
        if self._emails.peek(email):
            return "email"
        if self._addresses.peek(address):
            return "address"
        return None

    def failed(self, email: str, address: str) -> None:
        self._emails.add(email)
        self._addresses.add(address)

    def succeeded(self, email: str) -> None:
        self._emails.reset(email)


LOGIN_THROTTLE = web.AppKey("counselor_login_throttle", LoginThrottle)


def csrf_token(session: Session) -> str:
    token = session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


async def check_csrf(request: web.Request) -> None:
    """Raise 403 unless the form (or X-CSRF-Token header) matches the session's token."""
    session = await get_session(request)
    expected = session.get(CSRF_FIELD)
    sent = request.headers.get("X-CSRF-Token")
    if sent is None:
        form = await request.post()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(str(expected), sent):
        raise web.HTTPForbidden(text="CSRF token missing or wrong. Reload the page and try again.")


async def login_session(request: web.Request, counselor: Counselor) -> None:
    session = await get_session(request)
    session.invalidate()  # fresh session on login: no fixation
    session = await get_session(request)
    session["counselor_id"] = counselor.id
    session["email"] = counselor.email
    session["role"] = counselor.role
    session[CSRF_FIELD] = secrets.token_urlsafe(32)


def require_admin(request: web.Request) -> None:
    if request.get(COUNSELOR_ROLE) != "admin":
        raise web.HTTPForbidden(text="Admins only.")
