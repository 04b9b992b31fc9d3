"""Writes on accounts: log-in bookkeeping and API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ganshi.accounts.models import ApiToken, User
from ganshi.audit.models import AuditAction
from ganshi.audit.services import audit_record

TOKEN_PREFIX = "gs_"  # noqa: S105 - a marker, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def login_failed(*, user: User, attempts: int, lock_for: datetime.timedelta) -> None:
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])
    after = {"failed_login_count": user.failed_login_count}
    if user.failed_login_count >= attempts:
        user.locked_until = timezone.now() + lock_for
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        after["locked_until"] = user.locked_until.isoformat()
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, instance=user, after=after)


@transaction.atomic
def login_refused_locked(*, user: User) -> None:
    """An attempt on a locked account: refused unchecked, but recorded."""
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        instance=user,
        after={"locked_until": user.locked_until.isoformat()},
    )


@transaction.atomic
def login_succeeded(*, user: User) -> None:
    if user.failed_login_count or user.locked_until:
        user.failed_login_count = 0
        user.locked_until = None
        user.save(update_fields=["failed_login_count", "locked_until"])
    audit_record(actor=user, action=AuditAction.LOGIN, instance=user)


@transaction.atomic
def api_token_create(*, actor: User | None, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], key_hash=hash_token(raw))
    audit_record(
        actor=actor,
        action=AuditAction.TOKEN_CREATE,
        instance=token,
        after={"user": user.username, "name": name},
    )
    return token, raw


def api_token_user(raw: str) -> User | None:
    """The active user behind a raw bearer token, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__scope_unit", "user__cadre")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
