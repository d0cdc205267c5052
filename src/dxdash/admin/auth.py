"""Who may open the admin page: a password (env var or st.secrets) or OIDC via st.login.

With nothing configured the admin page is off. Passwords are compared in constant time; failed
attempts are limited per client address and overall, across all sessions of the process
(LoginThrottle). A password login is bound to the browser that typed it (AdminLogin): to the
token in Streamlit's XSRF cookie, which travels in a cookie and a header, never in a URL, so a
leaked session id alone does not carry the login. See docs/import.md, "Admin security model".
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import ipaddress
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

PASSWORD_ENV = "DXDASH_ADMIN_PASSWORD"
PASSWORD_SECRET = "admin_password"
ADMIN_EMAILS_SECRET = "admin_emails"
MIN_PASSWORD_LENGTH = 8
# Proxies whose X-Forwarded-For is believed (comma-separated addresses); none by default.
TRUSTED_PROXIES_ENV = "DXDASH_TRUSTED_PROXIES"

# Streamlit's XSRF cookie (server.enableXsrfProtection, on by default): a random per-browser
# token, set by the server on the page load, sent back on the websocket upgrade.
XSRF_COOKIE = "_streamlit_xsrf"
# A password login lasts this long after the last admin request (sliding), then must be repeated.
LOGIN_IDLE_SECONDS = 30 * 60

# Failed password attempts, counted per client address and over all addresses.
ADDRESS_MAX_FAILURES = 5  # from one address within FAILURE_WINDOW_SECONDS …
ADDRESS_LOCKOUT_SECONDS = 5 * 60  # … lock that address out this long
GLOBAL_MAX_FAILURES = 20  # from all addresses together within FAILURE_WINDOW_SECONDS …
GLOBAL_LOCKOUT_SECONDS = 15 * 60  # … lock every password login out this long
FAILURE_WINDOW_SECONDS = 15 * 60
_MAX_TRACKED_ADDRESSES = 10_000  # beyond this, the oldest addresses are forgotten


@dataclass(frozen=True)
class AdminConfig:
    """What the deployment configured for admin access."""

    password: str | None
    oidc: bool
    admin_emails: tuple[str, ...]

    @property
    def enabled(self) -> bool:
        """True when at least one way to authenticate is configured."""
        return bool(self.password) or (self.oidc and bool(self.admin_emails))


def _secret(secrets: Mapping[str, Any] | Any, key: str) -> Any:
    """Read one secret, treating a missing secrets file like a missing key."""
    try:
        return secrets.get(key) if secrets is not None else None
    except Exception:  # Streamlit raises when no secrets.toml exists at all
        return None


def load_config(
    secrets: Mapping[str, Any] | Any, environ: Mapping[str, str] = os.environ
) -> AdminConfig:
    """Read admin settings: $DXDASH_ADMIN_PASSWORD wins over st.secrets["admin_password"]."""
    password = environ.get(PASSWORD_ENV) or _secret(secrets, PASSWORD_SECRET)
    password = str(password) if password else None
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        password = None  # a short password is refused rather than silently accepted
    auth = _secret(secrets, "auth")
    emails = _secret(secrets, ADMIN_EMAILS_SECRET) or ()
    return AdminConfig(
        password=password,
        oidc=bool(auth),
        admin_emails=tuple(str(e).strip().lower() for e in emails),
    )


def password_matches(given: str, expected: str) -> bool:
    """Compare a typed password with the configured one in constant time."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def email_allowed(email: str | None, config: AdminConfig) -> bool:
    """True when an OIDC-authenticated e-mail is on the admin list."""
    return bool(email) and email.strip().lower() in config.admin_emails


# ---------------------------------------------------------------------------
# binding a login to the browser
# ---------------------------------------------------------------------------


def xsrf_token(cookie: str | None) -> bytes | None:
    """The random token inside Streamlit's XSRF cookie ("2|mask|masked|time" or hex), or None.

    The cookie's text changes (a new mask) on every page load; the token inside does not.
    """
    if not cookie or not isinstance(cookie, str):
        return None
    value = cookie.strip("\"'")
    try:
        if value.startswith("2|"):
            _version, mask_hex, masked_hex, _timestamp = value.split("|")
            mask = binascii.a2b_hex(mask_hex)
            masked = binascii.a2b_hex(masked_hex)
            if len(mask) != 4:
                return None
            token = bytes(b ^ mask[i % 4] for i, b in enumerate(masked))
        else:
            token = binascii.a2b_hex(value)
    except (ValueError, binascii.Error):
        return None
    return token if len(token) >= 16 else None


def browser_binding(cookie: str | None) -> str | None:
    """A digest of the browser's XSRF token to keep server-side (never the token itself)."""
    token = xsrf_token(cookie)
    return hashlib.sha256(b"dxdash-admin:" + token).hexdigest() if token else None


@dataclass
class AdminLogin:
    """A password login, kept in the session: which browser it belongs to and until when."""

    binding: str
    expires_at: float

    def valid_for(self, binding: str | None, now: float) -> bool:
        """True when the same browser asks before the login expired (constant-time compare)."""
        if binding is None or now >= self.expires_at:
            return False
        return hmac.compare_digest(self.binding, binding)

    def touch(self, now: float) -> None:
        """Extend the login: it ends LOGIN_IDLE_SECONDS after the last admin request."""
        self.expires_at = now + LOGIN_IDLE_SECONDS


def new_login(binding: str, now: float) -> AdminLogin:
    """A fresh login for this browser, valid for LOGIN_IDLE_SECONDS."""
    return AdminLogin(binding=binding, expires_at=now + LOGIN_IDLE_SECONDS)


# ---------------------------------------------------------------------------
# the client address and the lockout
# ---------------------------------------------------------------------------


def trusted_proxies(environ: Mapping[str, str] = os.environ) -> frozenset[str]:
    """Addresses whose X-Forwarded-For header is believed ($DXDASH_TRUSTED_PROXIES)."""
    raw = environ.get(TRUSTED_PROXIES_ENV, "")
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def client_address(peer: str | None, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The address failures are counted under: the peer, or X-Forwarded-For from a trusted proxy.

    `peer` None means loopback (st.context.ip_address hides 127.0.0.1 and ::1). From a trusted
    proxy, the rightmost X-Forwarded-For entry that is not itself a trusted proxy is the client
    (nginx's $proxy_add_x_forwarded_for appends the address it saw); anything further left was
    written by the client and is ignored.
    """
    address = peer if isinstance(peer, str) and peer else "127.0.0.1"
    if address in trusted and isinstance(forwarded_for, str):
        for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
            if hop in trusted:
                continue
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                break
    return address


@dataclass
class _Bucket:
    failures: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0


class LoginThrottle:
    """Failed password attempts of the whole process, per client address and in total.

    ADDRESS_MAX_FAILURES failures from one address within FAILURE_WINDOW_SECONDS lock that
    address for ADDRESS_LOCKOUT_SECONDS; GLOBAL_MAX_FAILURES from all addresses lock every
    password login for GLOBAL_LOCKOUT_SECONDS. While locked, a password is not even compared.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._addresses: dict[str, _Bucket] = {}
        self._all = _Bucket()

    def locked_for(self, address: str) -> float:
        """Seconds until `address` may try again (0 when it may try now)."""
        now = self.clock()
        with self._lock:
            bucket = self._addresses.get(address)
            until = max(self._all.locked_until, bucket.locked_until if bucket else 0.0)
        return max(0.0, until - now)

    def record_failure(self, address: str) -> None:
        """Count one wrong password from `address`; lock it (or everyone) at the limit."""
        now = self.clock()
        with self._lock:
            bucket = self._addresses.pop(address, None) or _Bucket()
            self._addresses[address] = bucket  # most recent last, for pruning
            while len(self._addresses) > _MAX_TRACKED_ADDRESSES:
                del self._addresses[next(iter(self._addresses))]
            for target, limit, lockout in (
                (bucket, ADDRESS_MAX_FAILURES, ADDRESS_LOCKOUT_SECONDS),
                (self._all, GLOBAL_MAX_FAILURES, GLOBAL_LOCKOUT_SECONDS),
            ):
                target.failures.append(now)
                while target.failures and target.failures[0] <= now - FAILURE_WINDOW_SECONDS:
                    target.failures.popleft()
                if len(target.failures) >= limit:
                    target.locked_until = now + lockout
                    target.failures.clear()

    def record_success(self, address: str) -> None:
        """A correct password clears that address's failures (not the global count)."""
        with self._lock:
            self._addresses.pop(address, None)


# One per server process: every session of this process counts into it.
THROTTLE = LoginThrottle()
