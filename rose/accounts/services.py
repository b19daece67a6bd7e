"""Account writes: two-factor devices, recovery codes and programme settings, each audited."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.models import Programme, User
from rose.audit.models import AuditAction
from rose.audit.services import audit_log

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """A new secret every time set-up is shown: any secret shown before (in another browser, or
    over someone's shoulder) stops working, and only the device the user confirms ever counts."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_pending(*, user: User, device_id: object) -> TOTPDevice | None:
    """The unconfirmed device this session was shown, if it is still the user's latest."""
    if not isinstance(device_id, int):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first()


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, actor: User) -> list[str]:
    """Confirm the authenticator and issue fresh recovery codes (shown once)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = recovery_codes_issue(user=user)
    audit_log(action=AuditAction.TWO_FACTOR, actor=actor, obj=user, detail={"event": "totp_confirmed"})
    return codes


def recovery_codes_issue(*, user: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    static.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_reset(*, user: User, actor: User, request: HttpRequest | None = None) -> None:
    """An administrator's reset: the user sets up a new authenticator at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_log(
        action=AuditAction.TWO_FACTOR,
        actor=actor,
        obj=user,
        request=request,
        detail={"event": "reset", "own_account": user.pk == actor.pk},
    )


def programme_settings_save(*, programme: Programme, actor: User, changed: list[str]) -> Programme:
    """Save a programme's settings; the audit row names the fields that changed (never their values,
    which can include a contact telephone number)."""
    programme.full_clean()
    programme.save()
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=programme, detail={"fields": sorted(changed)})
    return programme
