"""Every read of patient data goes through here, scoped to the user's programme.

Views never use Patient.objects (checked by scripts/check_scoping.py). A patient outside
the user's programme is indistinguishable from one that does not exist: 404.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, overload

from django.db.models import QuerySet
from django.http import Http404

from rose.patients.models import Consent, Patient, Task, TimelineEntry, search_key

if TYPE_CHECKING:
    from rose.accounts.models import User

_DATE = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{4})$")
NAME_ORDER = ("family_key", "given_key", "id")  # the patient list's order (patients/views.py)


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


def patient_search(*, user: User, query: str) -> QuerySet[Patient] | NameSearch:
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
        return NameSearch(base, words[0])
    return base.filter(**_prefix_range("given_key", words[0]), **_prefix_range("family_key", words[-1]))


class NameSearch:
    """One word's matches, surname prefix or first-name prefix, for the patient list's Paginator:
    ``count()``, and slices in the list's order (family_key, given_key, id), each patient once.

    One OR of the two prefixes cannot use an index for both, so PostgreSQL either walked the
    programme's surname index in order reading every row until 25 matched (240 ms for "smi" at
    100,000 patients) or read every match's row to sort them. Here each prefix is its own branch
    (surname prefix; first-name prefix whose surname does not match, so nobody twice), UNION ALL,
    each read from an index holding the sort keys and the id ((programme, family_key, given_key, id)
    and (programme, given_key, family_key, id)), without the table; a page's ids are sorted from
    those, and only that page's rows (with their practice) are read, in a second query.
    """

    ordered = True  # Paginator: no unordered-list warning

    def __init__(self, base: QuerySet[Patient], prefix: str) -> None:
        self._base = base
        family = _prefix_range("family_key", prefix)
        keys = base.select_related(None).order_by()
        self._keys = keys.filter(**family).values_list("pk", "family_key", "given_key").union(
            keys.filter(**_prefix_range("given_key", prefix)).exclude(**family)
            .values_list("pk", "family_key", "given_key"), all=True)

    def order_by(self, *fields: str) -> NameSearch:
        if fields != NAME_ORDER:
            raise ValueError(f"a name search is listed in {NAME_ORDER} order, not {fields}")
        return self

    def count(self) -> int:
        return self._keys.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Patient: ...

    @overload
    def __getitem__(self, index: slice) -> list[Patient]: ...

    def __getitem__(self, index: int | slice) -> Patient | list[Patient]:
        if isinstance(index, int):
            found = self[index:index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        ids = [row[0] for row in self._keys.order_by(*NAME_ORDER)[index]]
        rows = {patient.pk: patient for patient in self._base.filter(pk__in=ids).order_by()} if ids else {}
        return [rows[pk] for pk in ids if pk in rows]  # a patient deleted in between is left out

    def __iter__(self) -> Iterator[Patient]:
        return iter(self[:])


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
