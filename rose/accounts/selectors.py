from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.models import Organisation, User


def staff_for_programme(*, user: User) -> QuerySet[User]:
    return User.objects.filter(programme=user.programme_id).select_related("organisation").order_by(
        "last_name", "first_name")


def staff_member_get(*, user: User, staff_id: uuid.UUID | str) -> User:
    try:
        return staff_for_programme(user=user).get(pk=staff_id)
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def has_confirmed_authenticator(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def practices_for_programme(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(programme=user.programme_id,
                                       kind=Organisation.Kind.GP_PRACTICE).order_by("name")
