"""Organisations' API tokens for FHIR intake: the secret is shown once, only its hash is kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.referrals.models import ApiToken

if TYPE_CHECKING:
    from rose.accounts.models import Organisation, User


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, organisation: Organisation, name: str, actor: User | None = None) -> tuple[ApiToken, str]:
    """Returns the token object and the secret, shown once and never stored."""
    secret = "rose_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(organisation=organisation, name=name[:100], prefix=secret[:12],
                                    token_hash=token_hash(secret),
                                    created_by=actor if getattr(actor, "is_authenticated", False) else None)
    audit_log(action=AuditAction.CREATE, actor=actor, obj=token, actor_label=None if actor else "system",
              detail={"organisation": str(organisation.pk)})
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_log(action=AuditAction.UPDATE, actor=actor, obj=token, actor_label=None if actor else "system",
                  detail={"revoked": True})
    return token


def api_token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
