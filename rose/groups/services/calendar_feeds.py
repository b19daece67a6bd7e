"""Facilitators' secret calendar feeds: create (token shown once, hash kept) and revoke."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.groups.models import CalendarFeed

if TYPE_CHECKING:
    from rose.accounts.models import User


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret feed for a facilitator. The token is shown once; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
    audit_log(action=AuditAction.CREATE, actor=user, obj=feed)
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, actor: User) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        audit_log(action=AuditAction.UPDATE, actor=actor, obj=feed, detail={"revoked": True})
    return feed
