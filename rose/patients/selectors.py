"""Every read of patient data goes through here, scoped to the user's programme.

Views never use Patient.objects (checked by scripts/check_scoping.py). A patient outside
the user's programme is indistinguishable from one that does not exist: 404.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from rose.patients.models import Consent, Patient, Task, TimelineEntry, search_key

if TYPE_CHECKING:
    from rose.accounts.models import User

_DATE = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{4})$")


def patients_for_user(*, user: User) -> QuerySet[Patient]:
    if not getattr(user, "programme_id", None):
        return Patient.objects.none()
    return Patient.objects.filter(programme=user.programme_id)


def patient_get_for_user(*, user: User, patient_id: uuid.UUID | str) -> Patient:
    try:
        return patients_for_user(user=user).select_related("gp_practice", "programme").get(pk=patient_id)
    except (Patient.DoesNotExist, ValueError) as exc:
        raise Http404("No such patient") from exc


def _prefix_range(field: str, prefix: str) -> dict[str, str]:
    return {f"{field}__gte": prefix, f"{field}__lt": prefix[:-1] + chr(ord(prefix[-1]) + 1)}


def patient_search(*, user: User, query: str) -> QuerySet[Patient]:
    """Search by NHS number (any spacing), date of birth (dd/mm/yyyy) or name prefixes."""
    base = patients_for_user(user=user).select_related("gp_practice")
    text = (query or "").strip()
    digits = re.sub(r"[\s-]", "", text)
    if digits.isdigit() and len(digits) == 10:
        return base.filter(nhs_number=digits)
    match = _DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return base.filter(date_of_birth=dt.date(year, month, day))
        except ValueError:
            return base.none()
    words = [search_key(word) for word in text.split() if search_key(word)]
    if not words:
        return base.none()
    if len(words) == 1:
        return _family_or_given_prefix(base, words[0])
    return base.filter(**_prefix_range("given_key", words[0]), **_prefix_range("family_key", words[-1]))


def _family_or_given_prefix(base: QuerySet[Patient], prefix: str) -> QuerySet[Patient]:
    """Surname-prefix matches, then first-name-prefix matches whose surname does not match (so no
    patient comes twice), as UNION ALL: each branch reads its own index ((programme, family_key,
    given_key, id) in the page's order; (programme, given_key, ...)), where one OR made PostgreSQL
    walk the programme's whole surname index. Ordered as the patient list shows it; the same
    patients as the OR of the two prefixes."""
    family = _prefix_range("family_key", prefix)
    by_family = base.filter(**family).order_by()
    by_given_only = base.filter(**_prefix_range("given_key", prefix)).exclude(**family).order_by()
    return by_family.union(by_given_only, all=True).order_by("family_key", "given_key", "id")


def open_tasks_for_user(*, user: User) -> QuerySet[Task]:
    """The team's open tasks, urgent first, then oldest first."""
    if not getattr(user, "programme_id", None):
        return Task.objects.none()
    return (Task.objects.filter(programme=user.programme_id, status=Task.Status.OPEN)
            .select_related("patient", "assigned_to")
            .order_by("-priority", "created_at"))  # "urgent" sorts after "normal", so descending


def task_get_for_user(*, user: User, task_id: uuid.UUID | str) -> Task:
    try:
        return Task.objects.select_related("patient").get(pk=task_id, programme=user.programme_id)
    except (Task.DoesNotExist, ValueError) as exc:
        raise Http404("No such task") from exc


def patient_timeline(*, patient: Patient, limit: int = 100) -> QuerySet[TimelineEntry]:
    return patient.timeline.select_related("actor").order_by("-at")[:limit]


def patient_current_consents(*, patient: Patient) -> dict[str, Consent]:
    """The latest consent row of each kind (the current answer)."""
    current: dict[str, Consent] = {}
    for consent in patient.consents.select_related("recorded_by").order_by("-created_at"):
        current.setdefault(consent.kind, consent)
    return current


def patient_has_consent(*, patient: Patient, kind: str) -> bool:
    latest = patient.consents.filter(kind=kind).order_by("-created_at").first()
    return bool(latest and latest.given)
