"""De-identified exports for evaluators, and FHIR R4 QuestionnaireResponse.

De-identification (docs/outcomes.md):
- study id = HMAC-SHA256(settings.ROSE_STUDY_ID_KEY, patient UUID), first 16 hex characters;
- dates reduced to the month (YYYY-MM) plus whole days since the patient's baseline due date;
- no names, NHS number, date of birth, mobile, address, postcode, practice or free text;
- rows are streamed from a server-side cursor, so memory stays flat however many rows there are.

Speed: on PostgreSQL, responses.csv and answers.csv come straight from `COPY (the same query) TO STDOUT
(FORMAT csv)`: the database formats the month, the days and the numbers, and Python only swaps each
line's patient id (always the first column) for its study id, hashed once per patient. The bytes are
the same as the portable path's (tested); SQLite uses the portable path.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from rose.outcomes import instruments as defs
from rose.outcomes import selectors
from rose.outcomes.models import Instrument, Invitation, Response
from rose.outcomes.services import dose_change
from rose.outcomes.services.doses import ome_table

if TYPE_CHECKING:
    from rose.accounts.models import User


def study_id(patient_id: Any) -> str:
    key = (settings.ROSE_STUDY_ID_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, str(patient_id).encode(), hashlib.sha256).hexdigest()[:16]


class StudyIds:
    """study_id() of the patient ids of rows ordered by patient: each id is hashed once (the last one is kept)."""

    def __init__(self) -> None:
        self.patient_id: Any = None
        self.value = ""

    def __getitem__(self, patient_id: Any) -> str:
        if patient_id != self.patient_id:
            self.patient_id, self.value = patient_id, study_id(patient_id)
        return self.value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(header: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(["" if v is None else v for v in row])


def baseline_due() -> Subquery:
    return Subquery(Invitation.objects.filter(patient_id=OuterRef("patient_id"), event__is_baseline=True)
                    .values("due_on")[:1])


def month_of(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m") if value else ""


def days_from(value: Any, baseline: Any) -> Any:
    return (timezone.localdate(value) - baseline).days if value and baseline else None


RESPONSE_COLUMNS = [
    ("study_id", "Study id (keyed hash of the patient record; not reversible without the key)", "string", None),
    ("event", "Schedule event code", "string", None),
    ("instrument", "Instrument code", "string", None),
    ("instrument_version", "Instrument version used for scoring", "string", None),
    ("mode", "How answers were given", "string", {"patient": "Patient online", "phone": "Staff from a phone call"}),
    ("completed", "Questionnaire finished", "integer", {0: "No (partial)", 1: "Yes"}),
    ("answered_month", "Month the answers were given (YYYY-MM)", "string", None),
    ("days_from_baseline", "Days from the patient's baseline due date to the answers", "integer", None),
    ("score", "Total score (blank when not calculable)", "decimal", None),
    ("score_band", "Severity band of the total score", "string", None),
    ("score_note", "Why there is no score, or that it was prorated", "string", None),
]
ANSWER_COLUMNS = [
    ("study_id", "Study id", "string", None),
    ("event", "Schedule event code", "string", None),
    ("instrument", "Instrument code", "string", None),
    ("instrument_version", "Instrument version", "string", None),
    ("item", "Item code (see the item list in this dictionary)", "string", None),
    ("value", "Answer value (free-text answers are never exported)", "integer", None),
]
DOSE_COLUMNS = [
    ("study_id", "Study id", "string", None),
    ("event", "Schedule event code", "string", None),
    ("ome_mg", "Daily oral morphine equivalent, mg (blank when not calculable)", "decimal", None),
    ("stopped", "Stopped opioids", "integer", {0: "No", 1: "Yes"}),
    ("ome_reduction_percent", "Percentage reduction in OME from baseline", "decimal", None),
    ("ome_table", "Conversion table and version the OME was worked out with (blank when none is recorded)",
     "string", None),
]


def _use_copy() -> bool:
    return connection.vendor == "postgresql"


def _copy_csv(header: list[str], queryset: QuerySet[Any]) -> Iterator[str]:
    """PostgreSQL: COPY the queryset's rows out as CSV; the first column (a patient id) becomes the
    study id. One patient's id is hashed once however many rows the patient has."""
    sql, params = queryset.query.sql_with_params()
    ids: dict[str, str] = {}
    yield ",".join(header) + "\n"
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy:
        for block in copy:  # COPY sends one row a block
            line = bytes(block).decode()
            patient_id, rest = line[:36], line[36:]
            if patient_id not in ids:
                ids[patient_id] = study_id(patient_id)
            yield ids[patient_id] + rest


def _local(expression: Any) -> Func:
    """A timestamp as a local wall-clock time (PostgreSQL's timezone(zone, ts))."""
    return Func(Value(settings.TIME_ZONE), expression, function="timezone", output_field=DateTimeField())


def _text(name: str) -> NullIf:
    """Empty text as NULL, so COPY writes nothing rather than "" (as csv.writer does)."""
    return NullIf(F(name), Value(""))


def _responses_copy(user: User) -> Iterator[str]:
    when = Coalesce("completed_at", "started_at")
    rows = (selectors.responses_for_export(user=user).annotate(
        baseline_due=baseline_due(),
        x_event=_text("invitation__event__code"), x_code=_text("instrument__code"),
        x_version=_text("instrument_version"), x_mode=_text("mode"),
        x_completed=Case(When(completed_at__isnull=False, then=Value(1)), default=Value(0)),
        x_month=Func(_local(when), Value("YYYY-MM"), function="to_char", output_field=CharField()),
        x_days=Func(Func(_local(when), function="date", output_field=DateField()), F("baseline_due"),
                    template="(%(expressions)s)",
                    arg_joiner=" - ", output_field=IntegerField()),
        x_band=_text("score_band"), x_note=_text("score_note"))
        .values_list("patient_id", "x_event", "x_code", "x_version", "x_mode", "x_completed", "x_month", "x_days",
                     "score", "x_band", "x_note"))
    return _copy_csv([c[0] for c in RESPONSE_COLUMNS], rows)


def _answers_copy(user: User) -> Iterator[str]:
    rows = (selectors.answers_for_export(user=user).annotate(
        x_event=_text("response__invitation__event__code"), x_code=_text("response__instrument__code"),
        x_version=_text("response__instrument__version"), x_item=_text("item_code"))
        .values_list("response__patient_id", "x_event", "x_code", "x_version", "x_item", "value"))
    return _copy_csv([c[0] for c in ANSWER_COLUMNS], rows)


def responses_csv(*, user: User, copy: bool | None = None) -> Iterator[str]:
    if _use_copy() if copy is None else copy:
        return _responses_copy(user)
    rows = (selectors.responses_for_export(user=user).annotate(baseline_due=baseline_due())
            .values_list("patient_id", "invitation__event__code", "instrument__code", "instrument_version", "mode",
                         "completed_at", "started_at", "baseline_due", "score", "score_band", "score_note")
            .iterator(chunk_size=2000))

    def gen() -> Iterator[list[Any]]:
        for pid, event, code, version, mode, completed, started, baseline, score, band, note in rows:
            when = completed or started
            yield [study_id(pid), event, code, version, mode, 1 if completed else 0, month_of(when),
                   days_from(when, baseline), score, band, note]

    return _csv_rows([c[0] for c in RESPONSE_COLUMNS], gen())


def answers_csv(*, user: User, copy: bool | None = None) -> Iterator[str]:
    if _use_copy() if copy is None else copy:
        return _answers_copy(user)
    rows = (selectors.answers_for_export(user=user)
            .values_list("response__patient_id", "response__invitation__event__code", "response__instrument__code",
                         "response__instrument__version", "item_code", "value").iterator(chunk_size=5000))
    return _csv_rows([c[0] for c in ANSWER_COLUMNS], ([study_id(r[0]), *r[1:]] for r in rows))


def dose_rows(*, user: User) -> Iterator[list[Any]]:
    """doses.csv's rows: study id, event, OME, stopped (0/1), percentage reduction from baseline, and the
    conversion table the OME came from."""
    rows = (selectors.dose_snapshots_for_export(user=user)
            .values_list("patient_id", "event__code", "event__is_baseline", "ome_mg", "stopped", "source")
            .iterator(chunk_size=5000))
    baseline: dict[str, Any] = {}
    pending: list[tuple] = []
    current = None
    for row in rows:  # ordered by patient: hold one patient's rows at a time
        if row[0] != current:
            yield from _dose_rows(pending, baseline)
            current, pending, baseline = row[0], [], {}
        pending.append(row)
        if row[2]:
            baseline["ome"] = row[3]
    yield from _dose_rows(pending, baseline)


def doses_csv(*, user: User) -> Iterator[str]:
    return _csv_rows([c[0] for c in DOSE_COLUMNS], dose_rows(user=user))


def _dose_rows(rows: list[tuple], baseline: dict[str, Any]) -> Iterator[list[Any]]:
    study = StudyIds()
    for pid, event, is_baseline, ome, stopped, source in rows:
        yield [study[pid], event, ome, 1 if stopped else 0,
               None if is_baseline else dose_change(baseline.get("ome"), ome), ome_table(source)]


def instruments_in_use(user: User) -> list[Instrument]:
    ids = selectors.responses_for_export(user=user).order_by().values("instrument_id").distinct()
    builtin = Instrument.objects.filter(builtin=True, active=True)
    return list((Instrument.objects.filter(pk__in=ids) | builtin).distinct().order_by("code", "version"))


def dictionary_csv(*, user: User) -> str:
    out: list[str] = []
    writer = csv.writer(_Echo(), lineterminator="\n")
    out.append(writer.writerow(["file", "variable", "label", "type", "values"]))
    for filename, columns in (("responses.csv", RESPONSE_COLUMNS), ("answers.csv", ANSWER_COLUMNS),
                              ("doses.csv", DOSE_COLUMNS)):
        for name, label, kind, values in columns:
            coded = "; ".join(f"{k}={v}" for k, v in values.items()) if values else ""
            out.append(writer.writerow([filename, name, label, kind, coded]))
    for instrument in instruments_in_use(user):
        definition = instrument.definition
        for item in definition["items"]:
            if defs.is_text_item(item):
                continue
            coded = "; ".join(f"{o['value']}={o['label']}" for o in item["options"])
            out.append(writer.writerow([f"answers.csv item {definition['code']}.{item['code']}",
                                        f"{definition['code']}_{item['code']}",
                                        f"{definition.get('short_name') or definition['name']}"
                                        f" v{definition['version']}: {item['text']}", "integer", coded]))
    return "".join(out)


def r_syntax(*, user: User) -> str:
    lines = ["# ROSE outcome data: read the de-identified CSV files into R.", "",
             'responses <- read.csv("responses.csv", stringsAsFactors = FALSE, na.strings = "")',
             'answers <- read.csv("answers.csv", stringsAsFactors = FALSE, na.strings = "")',
             'doses <- read.csv("doses.csv", stringsAsFactors = FALSE, na.strings = "")',
             'responses$mode <- factor(responses$mode, levels = c("patient", "phone"), '
             'labels = c("Patient online", "Staff from a phone call"))',
             'responses$completed <- factor(responses$completed, levels = c(0, 1), labels = c("No (partial)", "Yes"))',
             'doses$stopped <- factor(doses$stopped, levels = c(0, 1), labels = c("No", "Yes"))', ""]
    for name, label, _, _ in RESPONSE_COLUMNS:
        lines.append(f'attr(responses${name}, "label") <- "{label}"')
    return "\n".join(lines) + "\n"


def fhir_questionnaire_response(*, response: Response, deidentified: bool) -> dict[str, Any]:
    """A FHIR R4 QuestionnaireResponse, validated by fhir.resources (R4B models)."""
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    definition = response.instrument.definition
    items = defs.item_map(definition)
    answers = []
    for answer in sorted(response.answers.all(), key=lambda a: a.item_code):
        item = items.get(answer.item_code, {"text": answer.item_code})
        if answer.value is None:
            if deidentified or not answer.text:
                continue
            answers.append({"linkId": answer.item_code, "text": item["text"],
                            "answer": [{"valueString": answer.text}]})
            continue
        label = next((o["label"] for o in item.get("options", []) if o["value"] == answer.value), str(answer.value))
        answers.append({"linkId": answer.item_code, "text": item["text"], "answer": [{"valueCoding": {
            "system": f"urn:rose:instrument:{definition['code']}:{definition['version']}",
            "code": str(answer.value), "display": label}}]})
    authored = response.completed_at or response.started_at or response.created_at
    subject: dict[str, str | dict[str, str]]
    if deidentified:
        subject = {"identifier": {"system": "urn:rose:study-id", "value": study_id(response.patient_id)}}
        authored_text = timezone.localtime(authored).strftime("%Y-%m")
    else:
        subject = {"reference": f"Patient/{response.patient_id}"}
        authored_text = timezone.localtime(authored).isoformat()
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.pk),
        "questionnaire": f"urn:rose:questionnaire:{definition['code']}|{definition['version']}",
        "status": "completed" if response.completed_at else "in-progress",
        "subject": subject,
        "authored": authored_text,
        "item": answers or None,
    }
    if response.mode == Response.Mode.PHONE and not deidentified:
        resource["source"] = {"display": "Entered by staff from a phone call"}
    if not answers:
        resource.pop("item")
    return json.loads(QuestionnaireResponse.model_validate(resource).json())
