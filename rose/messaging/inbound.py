"""Texts from patients: store once (idempotent on the provider's id), then route.

Order: keywords (STOP/START/HELP) -> red flags -> a check-in answer -> hooks.reply_handler -> nurse inbox.
Unknown numbers go to the unmatched queue for staff.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.messaging import hooks, safety
from rose.messaging.models import InboundMessage, MessageStatus, Observation, OutboundMessage
from rose.messaging.redflags import describe_categories, from_classifier, red_flag_scan, rules_scan
from rose.messaging.services import _message_create, inbox_item_create, messages_cancel_for_patient
from rose.messaging.sms import clean_text, normalise_mobile
from rose.patients.models import Patient, PatientStatus
from rose.patients.selectors import patient_has_consent
from rose.patients.services import consent_record, task_create

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}
YES_WORDS = {"YES", "Y", "YEP", "YEAH", "YES I DID", "I DID", "DONE"}
NO_WORDS = {"NO", "N", "NOPE", "NO I DIDNT", "I DIDNT", "NOT TODAY"}


def _service_name() -> str:
    return str(getattr(settings, "ROSE_SMS_SERVICE_NAME", "the ROSE pain service"))


def _contact(programme: Any) -> str:
    phone = getattr(programme, "contact_phone", "") if programme else ""
    hours = getattr(programme, "contact_hours", "") if programme else ""
    if not phone:
        return "Call the number on your clinic letter."
    return f"Call us on {phone}" + (f" ({hours})." if hours else ".")


def crisis_text() -> str:
    return safety.crisis_text()


def help_text(programme: Any = None) -> str:
    return (f"This is {_service_name()}. We text you about your pain medicines plan. {_contact(programme)} "
            "Reply STOP to stop texts. In an emergency call 999, or NHS 111.")


def stop_text(programme: Any = None) -> str:
    return (f"You will not get any more texts from {_service_name()}. Reply START to get them again. "
            f"{_contact(programme)}")


def start_text() -> str:
    return f"You will get texts from {_service_name()} again. Reply STOP at any time to stop them."


def _keyword(body: str) -> str:
    return re.sub(r"[^A-Z ]", "", (body or "").upper()).strip()


def programme_for_destination(to_number: str) -> Any:
    """The programme a text was sent to, from the number (or provider account) it arrived on:
    ROSE_SMS_PROGRAMME_NUMBERS maps our receiving numbers to programme slugs. None when the
    number is not mapped (one shared number, or a single-programme installation)."""
    from rose.accounts.models import Programme

    mapping = getattr(settings, "ROSE_SMS_PROGRAMME_NUMBERS", {}) or {}
    wanted = normalise_mobile(to_number) if to_number else ""
    for number, slug in mapping.items():
        if wanted and normalise_mobile(str(number)) == wanted:
            return Programme.objects.filter(slug=slug).values_list("id", flat=True).first()
    return None


def patients_for_number(number: str, *, programme_id: Any = None) -> list[Patient]:
    """Every patient with this mobile (E.164), within one programme when it is known."""
    e164 = normalise_mobile(number)
    if not e164:
        return []
    queryset = Patient.objects.filter(mobile=e164)
    if programme_id is not None:
        queryset = queryset.filter(programme_id=programme_id)
    return list(queryset.order_by("created_at", "pk")[:20])


def sender_of(candidates: list[Patient]) -> Patient | None:
    """The patient who sent a text, when that is certain: the only record with the number, or the
    only active one (the others discharged or deceased). Otherwise None: staff choose, never a guess."""
    if len(candidates) == 1:
        return candidates[0]
    active = [p for p in candidates if p.status == PatientStatus.ACTIVE]
    return active[0] if len(active) == 1 else None


def patient_for_number(number: str, *, to_number: str = "") -> Patient | None:
    """The patient who sent a text from `number` to our `to_number`, or None (unknown or shared)."""
    return sender_of(patients_for_number(number, programme_id=programme_for_destination(to_number)))


def _unmatched_programme_id() -> Any:
    """Texts from unknown numbers go to ROSE_SMS_UNMATCHED_PROGRAMME (a slug), or to the only
    programme when there is one; otherwise to no programme (visible in Django admin only)."""
    from rose.accounts.models import Programme

    slug = getattr(settings, "ROSE_SMS_UNMATCHED_PROGRAMME", "")
    if slug:
        return Programme.objects.filter(slug=slug).values_list("id", flat=True).first()
    ids = list(Programme.objects.values_list("id", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def inbound_receive(*, provider: str, provider_id: str, from_number: str, body: str, to_number: str = "",
                    received_at: dt.datetime | None = None) -> tuple[InboundMessage, bool]:
    """Store and route one received text. Returns (message, created); a repeat is a no-op.
    The text is kept whole (NUL characters, which PostgreSQL cannot store, are removed)."""
    provider_id, from_number, to_number = clean_text(provider_id), clean_text(from_number), clean_text(to_number)
    existing = InboundMessage.objects.filter(provider=provider, provider_id=provider_id[:64]).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            programme_id = programme_for_destination(to_number)
            candidates = patients_for_number(from_number, programme_id=programme_id)
            patient = sender_of(candidates)
            programmes = {p.programme_id for p in candidates}
            if patient is not None:
                programme_id = patient.programme_id
            elif programme_id is None:
                programme_id = next(iter(programmes)) if len(programmes) == 1 else _unmatched_programme_id()
            inbound = InboundMessage.objects.create(
                provider=provider, provider_id=provider_id[:64], from_number=from_number[:32],
                to_number=(to_number or "")[:32], body=clean_text(body),
                received_at=received_at or timezone.now(), patient=patient, programme_id=programme_id)
            if patient is None and candidates:
                _route_shared(inbound, candidates)
            else:
                _route(inbound)
    except IntegrityError:  # the same text arriving twice at once (callback and polling)
        return InboundMessage.objects.get(provider=provider, provider_id=provider_id[:64]), False
    return inbound, True


def _set_outcome(inbound: InboundMessage, outcome: str, **extra: Any) -> None:
    inbound.outcome = outcome
    for name, value in extra.items():
        setattr(inbound, name, value)
    inbound.save(update_fields=["outcome", *extra.keys(), "updated_at"])


def _reply(patient: Patient, purpose: str, body: str, inbound: InboundMessage) -> OutboundMessage | None:
    if not patient.mobile:
        return None
    return _message_create(patient=patient, purpose=purpose, body=body, respect_quiet_hours=False, related=inbound)


def _route(inbound: InboundMessage) -> None:
    if inbound.patient_id is None and _red_flag_unknown_number(inbound):
        return
    patient = inbound.patient
    if patient is None:
        _set_outcome(inbound, InboundMessage.Outcome.UNMATCHED)
        audit_log(action=AuditAction.CREATE, actor_label="system", obj=inbound,
                  detail={"provider": inbound.provider, "matched": False})
        return
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=inbound, patient=patient,
              detail={"provider": inbound.provider})
    keyword = _keyword(inbound.body)
    if keyword in STOP_WORDS:
        _opt_out(patient, inbound)
        return
    if keyword in START_WORDS:
        was_in = patient_has_consent(patient=patient, kind="texts")
        consent_record(patient=patient, kind="texts", given=True, source="text", note="START by text")
        _set_outcome(inbound, InboundMessage.Outcome.KEYWORD)
        if not was_in:
            _reply(patient, "keyword_reply", start_text(), inbound)
        return
    if keyword in HELP_WORDS:
        _set_outcome(inbound, InboundMessage.Outcome.KEYWORD)
        _reply(patient, "keyword_reply", help_text(patient.programme), inbound)
        return
    flags = rules_scan(inbound.body)
    if flags.urgent:
        _red_flag(patient, inbound, flags.categories)
        return
    if _checkin_answer(patient, inbound):
        return
    if hooks.reply_handler.first(inbound):  # each in a savepoint; one that raises is logged and skipped
        _set_outcome(inbound, InboundMessage.Outcome.HANDLED)
        return
    # Free text: the rules found nothing, so the text classifier reads it (a check-in answer or a handled
    # reply such as "7 out of 10" or "yes please" never reaches it).
    flags = red_flag_scan(inbound.body)
    if flags.urgent:
        _red_flag(patient, inbound, flags.categories, by_classifier=from_classifier(flags))
        return
    _set_outcome(inbound, InboundMessage.Outcome.INBOX)
    inbox_item_create(patient=patient, summary="Text from the patient", inbound=inbound)
    safety.safety_net_reply(patient=patient, inbound=inbound)


def _route_shared(inbound: InboundMessage, candidates: list[Patient]) -> None:
    """A text from a number several patients share. STOP opts every one of them out (one
    confirmation); a red flag gets the crisis reply at once and an urgent item for each; anything
    else waits for staff to choose the patient (the unknown-numbers queue and an inbox item on
    each patient's conversation). Nothing is filed against a guessed patient."""
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=inbound,
              detail={"provider": inbound.provider, "matched": False, "shared_by": len(candidates)})
    keyword = _keyword(inbound.body)
    active = [p for p in candidates if p.status == PatientStatus.ACTIVE] or candidates
    if keyword in STOP_WORDS:
        confirm = None
        for patient in candidates:
            if patient_has_consent(patient=patient, kind="texts"):
                confirm = confirm or patient
            consent_record(patient=patient, kind="texts", given=False, source="text",
                           note="STOP by text from a shared phone number")
        _set_outcome(inbound, InboundMessage.Outcome.KEYWORD)
        if confirm is not None:
            _reply(confirm, "keyword_reply", stop_text(confirm.programme), inbound)
        return
    if keyword in HELP_WORDS:
        _set_outcome(inbound, InboundMessage.Outcome.KEYWORD)
        _reply(active[0], "keyword_reply", help_text(active[0].programme), inbound)
        return
    flags = red_flag_scan(inbound.body)
    shared = f"a phone number {len(candidates)} patients share"
    if flags.urgent:
        _set_outcome(inbound, InboundMessage.Outcome.RED_FLAG, red_flag_rule=",".join(flags.categories)[:60])
        _reply(active[0], "red_flag_reply", crisis_text(), inbound)  # the same phone, whoever sent it
        what = describe_categories(flags.categories)
        for patient in candidates:
            inbox_item_create(patient=patient, urgent=True, inbound=inbound, source=inbound,
                              summary=f"Red flag text ({what}) from {shared}: find out who sent it")
        return
    _set_outcome(inbound, InboundMessage.Outcome.UNMATCHED)
    for patient in candidates:
        inbox_item_create(patient=patient, inbound=inbound, source=inbound,
                          summary=f"Text from {shared}: choose who sent it (Texts from unknown numbers)")


def _opt_out(patient: Patient, inbound: InboundMessage) -> None:
    was_in = patient_has_consent(patient=patient, kind="texts")
    consent_record(patient=patient, kind="texts", given=False, source="text", note="STOP by text")
    # Everyone in the programme with this number stops too (a shared phone: STOP means this phone).
    for other in patients_for_number(patient.mobile, programme_id=patient.programme_id):
        if other.pk != patient.pk and patient_has_consent(patient=other, kind="texts"):
            consent_record(patient=other, kind="texts", given=False, source="text",
                           note="STOP by text from a phone number this patient shares")
    # A crisis reply not yet sent still goes: it answers the patient's own red-flag text.
    messages_cancel_for_patient(patient_id=patient.pk, reason="Cancelled: the patient replied STOP",
                                keep_purposes=("red_flag_reply",))
    _set_outcome(inbound, InboundMessage.Outcome.KEYWORD)
    if was_in:  # one confirmation, then nothing until START
        _reply(patient, "keyword_reply", stop_text(patient.programme), inbound)


def _red_flag(patient: Patient, inbound: InboundMessage, categories: list[str], by_classifier: bool = False) -> None:
    """Every category matched is stored and shown ("possible overdose; breathing problem"). A flag from the
    text classifier (no rule matched) says so, so the nurse reads the words with that in mind."""
    what = describe_categories(categories)
    if by_classifier:
        what = f"{what}, picked up by the text classifier, not a rule"
    _set_outcome(inbound, InboundMessage.Outcome.RED_FLAG, red_flag_rule=",".join(categories)[:60])
    summary = f"Red flag text: {what}"
    if by_classifier:
        summary += ". The plan was not paused: read the text and pause the plan from its page if needed"
    inbox_item_create(patient=patient, summary=summary, urgent=True, inbound=inbound, source=inbound)
    task_create(patient=patient, kind="red_flag_text", title=f"Urgent: red-flag text from the patient ({what})",
                priority="urgent", source=inbound)
    # Crisis signposting goes even to a patient who opted out: it answers their own text.
    _reply(patient, "red_flag_reply", crisis_text(), inbound)
    if by_classifier:
        # Decision (issue 14, session 22): a classifier-only flag does not pause the plan by itself. About 1 ordinary
        # reply in 17 scores above its threshold ("think I'm ready to go down again"), and a pause stops the taper
        # the patient is asking to continue; the nurse reads the text (urgent, escalated) and pauses it if needed.
        return
    hooks.red_flag.run(patient, inbound)  # each in a savepoint; one that raises is logged and skipped


def _red_flag_unknown_number(inbound: InboundMessage) -> bool:
    """A red-flag text from a number that matches no patient: the crisis reply goes to that number
    at once, and the text waits in the unknown-numbers queue marked urgent. False otherwise."""
    flags = red_flag_scan(inbound.body)
    if not flags.urgent:
        return False
    _set_outcome(inbound, InboundMessage.Outcome.RED_FLAG, red_flag_rule=",".join(flags.categories)[:60])
    audit_log(action=AuditAction.CREATE, actor_label="system", obj=inbound,
              detail={"provider": inbound.provider, "matched": False, "red_flag": True})
    safety.crisis_reply_to_number(inbound=inbound)
    return True


_NUMBER = re.compile(r"^\D{0,20}?(\d{1,2}(?:\.\d)?)\s*(?:/\s*10|out of 10|outta 10)?\D{0,20}$")


def _checkin_answer(patient: Patient, inbound: InboundMessage) -> bool:
    hours = float(getattr(settings, "ROSE_SMS_CHECKIN_REPLY_HOURS", 72))
    question = (OutboundMessage.objects.filter(
        patient=patient, status__in=[MessageStatus.SENT, MessageStatus.DELIVERED], sent_at__gte=inbound.received_at
        - dt.timedelta(hours=hours)).order_by("-sent_at").first())
    if question is None or not question.expects:
        return False
    text = inbound.body.strip()
    value_number: Decimal | None = None
    value_text = ""
    if question.expects == "dose_as_planned":
        word = _keyword(text)
        if word in YES_WORDS:
            value_text, value_number = "yes", Decimal(1)
        elif word in NO_WORDS:
            value_text, value_number = "no", Decimal(0)
        else:
            return False
    else:
        match = _NUMBER.match(text)
        if not match:
            return False
        value_number = Decimal(match.group(1))
        if not Decimal(0) <= value_number <= Decimal(10):
            return False
    Observation.objects.create(patient=patient, kind=question.expects, value_number=value_number,
                               value_text=value_text, observed_at=inbound.received_at, source="text",
                               inbound=inbound)
    _set_outcome(inbound, InboundMessage.Outcome.OBSERVATION, in_reply_to=question)
    alert = Decimal(str(getattr(settings, "ROSE_SMS_PAIN_ALERT", 8)))
    if question.expects == "pain_score" and value_number >= alert:
        inbox_item_create(patient=patient, summary=f"Pain score {value_number} out of 10 by text", inbound=inbound)
    elif question.expects == "dose_as_planned" and value_text == "no":
        inbox_item_create(patient=patient, summary="Did not take the dose as planned (by text)", inbound=inbound)
    return True


def poll_notify_received(*, stop_after_known: int = 20) -> int:
    """Fallback for missed callbacks: read Notify's received texts (newest first) until we reach
    a run of texts we already have."""
    from rose.messaging.providers import get_provider, provider_name

    if provider_name() != "notify":
        return 0
    created = 0
    known = 0
    for item in get_provider().received_texts():
        if InboundMessage.objects.filter(provider="notify", provider_id=str(item["id"])).exists():
            known += 1
            if known >= stop_after_known:
                break
            continue
        known = 0
        received = item.get("created_at")
        _, was_new = inbound_receive(provider="notify", provider_id=str(item["id"]),
                                     from_number=item.get("user_number", ""), to_number=item.get("notify_number", ""),
                                     body=item.get("content", ""),
                                     received_at=_parse_time(received) if received else None)
        created += int(was_new)
    return created


def _parse_time(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
