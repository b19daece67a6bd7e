"""The hooks patients offers the apps above it (rose.core.hooks): register in AppConfig.ready()."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from rose.core.hooks import Policy, hook

if TYPE_CHECKING:
    from django.http import HttpRequest

    from rose.accounts.models import User
    from rose.patients.models import AccessLink, Patient, Task


@hook(policy=Policy.RAISE, registered_by="apps above patients")
def status_changed(*, patient_id: uuid.UUID, status: str) -> None:
    """A patient was discharged or died (`patient_set_status`), inside its transaction: texts and
    questionnaires are cancelled with the status change, never after."""


@hook(policy=Policy.RAISE, registered_by="apps above patients")
def consent_changed(*, patient: Patient, kind: str, given: bool) -> None:
    """A consent was recorded (`consent_record`), by text or by staff, inside its transaction
    (messaging cancels queued texts when consent to texts is withdrawn)."""


@hook(policy=Policy.RAISE, registered_by="apps above patients")
def task_done(*, task: Task, actor: User | None, outcome: str, request: HttpRequest | None) -> None:
    """A task was closed (`task_complete`), the first time only, inside its transaction, so that what
    the task came from (a red-flag text's inbox item) closes with it, with the same note."""


@hook(policy=Policy.RAISE, registered_by="apps above patients")
def patient_panel(*, request: HttpRequest, patient: Patient) -> dict[str, Any] | None:
    """A panel on the patient page (`{"title", "template", ...}`), or None for no panel. Panels show
    in registration order; `order=-1` puts one first."""


@hook(policy=Policy.RAISE, registered_by="apps above patients")
def link_destination(link: AccessLink) -> str | None:
    """Where a redeemed patient link goes: the address for a link of your `purpose`, None for others
    (the patient portal's home when nobody answers)."""
