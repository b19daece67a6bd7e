"""Single-use, expiring links for patients, checked with the date of birth.

    token = access_link_create(patient=p, purpose="questionnaire", target=str(response.pk))
    url = access_link_url(token)      # https://.../p/<token>  (no personal data in it)

The patient opens /p/<token>, types their date of birth, and on success the link is used up
and their browser gets a short patient session (PATIENT_SESSION_SECONDS) naming the patient
and the purpose. Views for patients call `portal_patient(request)` to get the patient, or
None. Wrong dates count towards a lock (MAX_ATTEMPTS); expired, used and locked links are
refused with a clear message and a way to ask for a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.patients.models import AccessLink, Patient

DEFAULT_VALID_FOR = dt.timedelta(days=7)
MAX_ATTEMPTS = 3
PATIENT_SESSION_SECONDS = 30 * 60
SESSION_KEY = "rose_patient"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def access_link_create(*, patient: Patient, purpose: str, target: str = "",
                       valid_for: dt.timedelta = DEFAULT_VALID_FOR) -> str:
    """Make a link and return its raw token (send it; it is not stored)."""
    token = secrets.token_urlsafe(24)
    AccessLink.objects.create(patient=patient, purpose=purpose, target=target, token_hash=_hash(token),
                              expires_at=timezone.now() + valid_for)
    return token


def access_link_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('links:open', kwargs={'token': token})}"


def access_link_find(token: str) -> AccessLink | None:
    return AccessLink.objects.select_related("patient").filter(token_hash=_hash(token)).first()


@dataclass(frozen=True)
class LinkState:
    ok: bool
    reason: str = ""  # "expired", "used", "locked", "unknown", "wrong_dob"


def access_link_state(link: AccessLink | None) -> LinkState:
    if link is None:
        return LinkState(False, "unknown")
    if link.locked_at:
        return LinkState(False, "locked")
    if link.used_at:
        return LinkState(False, "used")
    if link.expires_at <= timezone.now():
        return LinkState(False, "expired")
    return LinkState(True)


@transaction.atomic
def access_link_redeem(*, request: HttpRequest, link: AccessLink, date_of_birth: dt.date) -> LinkState:
    """Check the date of birth; on success use the link up and start a patient session."""
    link = AccessLink.objects.select_for_update().select_related("patient").get(pk=link.pk)
    state = access_link_state(link)
    if not state.ok:
        return state
    if link.patient.date_of_birth != date_of_birth:
        link.failed_attempts += 1
        fields = ["failed_attempts", "updated_at"]
        if link.failed_attempts >= MAX_ATTEMPTS:
            link.locked_at = timezone.now()
            fields.append("locked_at")
        link.save(update_fields=fields)
        audit_log(action=AuditAction.PORTAL, actor_label="patient", obj=link, patient=link.patient,
                  request=request, detail={"event": "wrong_date_of_birth", "attempts": link.failed_attempts})
        return LinkState(False, "locked" if link.locked_at else "wrong_dob")
    link.used_at = timezone.now()
    link.save(update_fields=["used_at", "updated_at"])
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"patient_id": str(link.patient_id), "purpose": link.purpose,
                                     "target": link.target, "link_id": str(link.pk),
                                     "expires": int(time.time()) + PATIENT_SESSION_SECONDS}
    audit_log(action=AuditAction.PORTAL, actor_label="patient", obj=link, patient=link.patient,
              request=request, detail={"event": "link_opened", "purpose": link.purpose})
    return LinkState(True)


def portal_session(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(SESSION_KEY)
    if not data or data.get("expires", 0) < time.time():
        request.session.pop(SESSION_KEY, None)
        return None
    data["expires"] = int(time.time()) + PATIENT_SESSION_SECONDS  # sliding idle timeout
    request.session[SESSION_KEY] = data
    return data


def portal_patient(request: HttpRequest) -> Patient | None:
    """The patient whose link opened this browser session, or None."""
    data = portal_session(request)
    if data is None:
        return None
    return Patient.objects.select_related("programme").filter(pk=data["patient_id"]).first()


def portal_end(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


NEW_LINK_REQUESTS_PER_DAY = 3


@transaction.atomic
def new_link_request(*, link: AccessLink) -> bool:
    """A patient asks for a new link: one task for the team, unless one is already open or this patient
    already asked NEW_LINK_REQUESTS_PER_DAY times in 24 hours (issue 12: an old link could raise
    unlimited tasks). Returns whether a task was raised; the patient sees the same page either way."""
    from rose.patients.models import Task
    from rose.patients.services import task_create

    Patient.objects.select_for_update().filter(pk=link.patient_id).first()  # one request at a time per patient
    asked = Task.objects.filter(patient_id=link.patient_id, kind="new_link_requested")
    if asked.filter(status=Task.Status.OPEN).exists() or asked.filter(
            created_at__gte=timezone.now() - dt.timedelta(hours=24)).count() >= NEW_LINK_REQUESTS_PER_DAY:
        audit_log(action=AuditAction.PORTAL, actor_label="patient", obj=link, patient=link.patient,
                  detail={"event": "new_link_request_limited"})
        return False
    task_create(patient=link.patient, kind="new_link_requested", title="Patient asked for a new link by text",
                source=link)
    return True
