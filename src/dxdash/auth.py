"""Who may open the admin page: a password (env var or st.secrets) or OIDC via st.login.

With nothing configured the admin page is off. Passwords are compared in constant time, and
repeated failures in one session are slowed down.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PASSWORD_ENV = "DXDASH_ADMIN_PASSWORD"
PASSWORD_SECRET = "admin_password"
ADMIN_EMAILS_SECRET = "admin_emails"
MAX_FAILURES = 5
LOCKOUT_SECONDS = 60.0
MIN_PASSWORD_LENGTH = 8


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


@dataclass
class Attempts:
    """Failed password attempts in one session, to slow down guessing."""

    failures: int = 0
    locked_until: float = 0.0

    def locked(self, now: float | None = None) -> bool:
        """True while the session must wait after too many failures."""
        return (now if now is not None else time.monotonic()) < self.locked_until

    def record_failure(self, now: float | None = None) -> None:
        """Count a failure; after MAX_FAILURES the session waits LOCKOUT_SECONDS."""
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.locked_until = (now if now is not None else time.monotonic()) + LOCKOUT_SECONDS
            self.failures = 0
