"""When the lockout stops an account signing in from an address, tell the account's owner by email.

Once per account and address for each cool-down, so a script hammering the form sends one email, not
hundreds. The email names no password and needs no action unless it was not them (docs/adr/004)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail

from rose.accounts.models import User
from rose.audit.models import AuditAction
from rose.audit.services import audit_log


def user_locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None,
                    **kwargs: Any) -> None:
    user = User.objects.filter(email=(username or "").lower(), is_active=True).first()
    if user is None:  # an address that is not an account: nobody to tell
        return
    cooloff_seconds = int(float(settings.AXES_COOLOFF_TIME) * 3600)
    if not cache.add(f"rose:lockout-mail:{user.pk}:{ip_address}", 1, timeout=cooloff_seconds):
        return
    minutes = cooloff_seconds // 60
    send_mail(
        subject="Your ROSE account was locked after failed sign-ins",
        message=(
            f"Dear {user.first_name},\n\n"
            f"There were {settings.AXES_FAILURE_LIMIT} failed attempts to sign in to your ROSE account from the "
            f"network address {ip_address or 'unknown'}. Signing in to your account from that address is paused for "
            f"{minutes} minutes; signing in from other addresses is not affected.\n\n"
            "If this was not you, tell your service administrator today.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
        fail_silently=True,
    )
    audit_log(action=AuditAction.LOGIN_FAILED, actor_label="system", obj=user, request=request,
              detail={"reason": "locked_out", "emailed": True})
