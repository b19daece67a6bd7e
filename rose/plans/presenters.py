"""Display shapes for plan steps: clinician tables, the patient's week-by-week wording, the GP
letter rows, review dates and the planned-versus-actual chart (server-rendered SVG)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rose.core.presenters import date as long_date
from rose.core.presenters import mg
from rose.core.presenters import time as format_time
from rose.plans.steps import (
    DoseWords,
    clock_time,
    dose_phrase,
    dose_sentence,
    is_patch,
    parse_date,
    product_words,
    slot_of,
    supply_for,
    when_words,
)
from rose.plans.steps import diff_steps as diff_rows  # noqa: F401 - re-exported for views

if TYPE_CHECKING:
    from rose.plans.models import Booking, Plan
    from rose.referrals.models import Referral

REVIEW_EVERY = dt.timedelta(weeks=4)
SEDATIVES = ("benzodiazepine", "gabapentinoid", "z-drug")  # MHRA 2020: each adds to an opioid's sedation


def referral_safety(referral: Referral | None) -> dict[str, Any] | None:
    """The referral's safety facts that travel with the patient: risk flags, co-prescribed
    sedatives and the OME worked out when the referral was sent (with its table)."""
    if referral is None:
        return None
    from rose.referrals.models import OTHER_MEDICINES, RISK_FLAGS

    risk_labels, medicine_labels = dict(RISK_FLAGS), dict(OTHER_MEDICINES)
    others = referral.other_medicines or []
    return {
        "reference": referral.reference or "", "sent": referral.submitted_at,
        "risks": [risk_labels.get(code, code) for code in referral.risk_flags or []],
        "sedatives": [medicine_labels.get(code, code) for code in SEDATIVES if code in others],
        "ome": referral.total_ome_mg, "table": referral.ome_table,
        "detail": referral.other_medicines_detail or "",
    }


def _day(value: str) -> str:
    day = parse_date(value)
    return f"{day:%A} {day.day} {day:%B}"


def administration_text(adm: dict[str, Any], words: DoseWords | None = None) -> str:
    """`1 tablet (30 mg) of morphine 30 mg modified-release tablets (at 8am)`; a liquid in ml and mg;
    as-needed and numbered doses in words, never read as a clock time."""
    when = (slot_of(adm).get("label") or adm["time"]) if is_patch(adm) else when_words(adm)
    return f"{(words or DoseWords()).dose(adm)} ({when})"


def _how_often(item: dict[str, Any], unit: str) -> str:
    if unit == "patch" or "mcg_per_hour" in item:
        return "worn all the time"
    count = item.get("times_per_day")
    if item.get("as_needed"):
        return f"only when needed, about {mg(count)} times a day" if count is not None else "only when needed"
    return f"{mg(count)} times a day" if count is not None else ""


def regimen_item_text(item: dict[str, Any], words: DoseWords) -> str:
    """A regimen item (the engine's contract) in words: a liquid in ml and mg, each timed dose with
    its time: `5 ml (10 mg) of morphine sulfate 10 mg/5 ml oral solution, 2 times a day`."""
    name = item.get("product")
    if not name:
        amount = f"{mg(item['mcg_per_hour'])} micrograms an hour" if "mcg_per_hour" in item else \
            f"{mg(item.get('dose_mg') or item.get('mg_per_day'))} mg"
        return f"{amount} of {item.get('drug', 'an opioid')} ({item.get('route', '')}), {_how_often(item, '')}"
    found = words.product(name)
    unit = found.unit if found is not None else "unit"
    if item.get("doses"):
        strength = found.strength_mg if found is not None else None
        parts = []
        for dose in item["doses"]:
            units = dose.get("units") if dose.get("units") is not None else \
                (Decimal(str(dose["dose_mg"])) / strength if strength else None)
            what = words.dose({"product": name, "units": units, "unit": unit}) if units is not None else \
                f"{mg(dose.get('dose_mg'))} mg of {name}"
            parts.append(f"{what} at {dose.get('time', '')}")
        return "; ".join(parts)
    dose = words.dose({"product": name, "units": item.get("units_per_dose", 1), "unit": unit})
    often = _how_often(item, unit)
    return f"{dose}, {often}" if often else dose


def regimen_lines(regimen: dict[str, Any] | None, ome: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each medicine of a regimen with its dose in words and the engine's OME for it (the engine
    answers item by item, in the regimen's order)."""
    words, answers = DoseWords(), (ome or {}).get("items", [])
    lines = []
    for index, item in enumerate((regimen or {}).get("items", [])):
        answer = answers[index] if index < len(answers) else {}
        lines.append({"dose": regimen_item_text(item, words), "ome": answer.get("ome_mg_per_day"),
                      "message": answer.get("message", "")})
    return lines


def step_rows(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    words = DoseWords()
    return [{
        "number": step["step"], "start": parse_date(step["start_date"]), "end": parse_date(step["end_date"]),
        "days": step["days"], "ome": step["ome_mg_per_day"], "target": step.get("target_ome_mg_per_day"),
        "doses": [administration_text(adm, words) for adm in step["administrations"]] or ["Stop"],
        "supply": [words.supply(line, step["administrations"]) for line in step.get("supply", [])],
        "kind": step.get("kind", "engine"), "reason": step.get("reason", ""), "note": step.get("note", ""),
    } for step in steps]


def patient_weeks(steps: list[dict[str, Any]]) -> list[dict[str, str]]:
    """`Monday 4 January to Sunday 17 January: one 30 mg tablet at 8am and ...`."""
    rows, words = [], DoseWords()
    for step in steps:
        if not step["administrations"]:
            rows.append({"when": f"From {_day(step['start_date'])}", "what": "Stop taking this medicine."})
            continue
        when = _day(step["start_date"]) if step["start_date"] == step["end_date"] else \
            f"{_day(step['start_date'])} to {_day(step['end_date'])}"
        rows.append({"when": when, "what": dose_sentence(step["administrations"], words) + "."})
    return rows


PARTS_OF_DAY = (("morning", "Morning"), ("midday", "Midday"), ("evening", "Evening"), ("night", "Night"))
PRESCRIPTION_DAYS = 30  # controlled drugs: at most 30 days a prescription (good practice for all opioids)


def part_of_day(clock: dt.time) -> str:
    """05:00 to 10:59 morning, 11:00 to 15:59 midday, 16:00 to 20:59 evening, else night."""
    if dt.time(5) <= clock < dt.time(11):
        return "morning"
    if dt.time(11) <= clock < dt.time(16):
        return "midday"
    if dt.time(16) <= clock < dt.time(21):
        return "evening"
    return "night"


def _stopped(previous: list[dict[str, Any]], current: list[dict[str, Any]]) -> list[str]:
    """Medicines in the previous step that this step no longer has, in words."""
    now = {adm["product"] for adm in current}
    gone = {adm["product"]: adm["unit"] for adm in previous if adm["product"] not in now}
    return [product_words(product, 2, unit) for product, unit in sorted(gone.items())]


def patient_table(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The patient plan's dated table: a row per step with its start and end dates, what to take in
    the morning, at midday, in the evening and at night, doses with no clock time (as needed,
    numbered doses, patches) and what to stop. Columns nobody needs are left out (large print)."""
    rows = _patient_rows(steps)
    wanted = [*PARTS_OF_DAY, ("other", "Patches, and doses only when needed"), ("stop", "Stop taking")]
    return {"rows": rows, "columns": [{"key": key, "label": label} for key, label in wanted
                                      if any(row[key] for row in rows)]}


def _patient_rows(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    words, rows = DoseWords(), []
    previous: list[dict[str, Any]] = []
    for step in steps:
        cells: dict[str, list[str]] = {key: [] for key, _ in PARTS_OF_DAY}
        other = []
        for adm in step["administrations"]:
            clock, what = clock_time(adm), dose_phrase(adm, words)
            if clock is not None:
                cells[part_of_day(clock)].append(f"{what} at {format_time(clock)}")
            else:
                other.append(f"{what}: {when_words(adm)}" if is_patch(adm) else f"{what} {when_words(adm)}")
        rows.append({"number": step["step"], "start": parse_date(step["start_date"]),
                     "end": parse_date(step["end_date"]), "days": step["days"], **cells, "other": other,
                     "stop": _stopped(previous, step["administrations"]), "kind": step.get("kind", "engine")})
        previous = step["administrations"] or previous
    return rows


def gp_actions(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each step, what the GP prescribes, split into prescriptions of at most 30 days (whole
    tablets and capsules, ml with mg for liquids, patches by the changes they need), and what stops."""
    words, actions = DoseWords(), []
    previous: list[dict[str, Any]] = []
    for step in steps:
        start, remaining, prescriptions = parse_date(step["start_date"]), int(step["days"]), []
        while remaining > 0 and step["administrations"]:
            days = min(PRESCRIPTION_DAYS, remaining)
            lines = supply_for(step, days)
            prescriptions.append({"start": start, "end": start + dt.timedelta(days=days - 1), "days": days,
                                  "supply": [words.supply(line, step["administrations"]) for line in lines]})
            start, remaining = start + dt.timedelta(days=days), remaining - days
        actions.append({"number": step["step"], "start": parse_date(step["start_date"]),
                        "end": parse_date(step["end_date"]), "prescriptions": prescriptions,
                        "stop": _stopped(previous, step["administrations"]), "ome": step["ome_mg_per_day"]})
        previous = step["administrations"] or previous
    return actions


def review_dates(steps: list[dict[str, Any]]) -> list[dt.date]:
    """Reviews two weeks after the start, then every four weeks, and at the end."""
    if not steps:
        return []
    start, end = parse_date(steps[0]["start_date"]), parse_date(steps[-1]["end_date"])
    dates, day = [], start + dt.timedelta(weeks=2)
    while day < end:
        dates.append(day)
        day += REVIEW_EVERY
    dates.append(end)
    return dates


def review_text(steps: list[dict[str, Any]]) -> list[str]:
    return [long_date(day) for day in review_dates(steps)]


def planned_ome_on(steps: list[dict[str, Any]], day: dt.date) -> Any:
    for step in steps:
        if parse_date(step["start_date"]) <= day <= parse_date(step["end_date"]):
            return step["ome_mg_per_day"]
    return None


WIDTH, HEIGHT, PAD = 640, 260, 44


def chart(steps: list[dict[str, Any]], actual: list[tuple[dt.date, Decimal]]) -> dict[str, Any] | None:
    """SVG coordinates for planned (a step line) and actual (points) OME, with the same data as rows."""
    if not steps:
        return None
    first, last = parse_date(steps[0]["start_date"]), parse_date(steps[-1]["end_date"])
    if actual:
        first, last = min(first, actual[0][0]), max(last, actual[-1][0])
    span = max((last - first).days, 1)
    top = max([Decimal(str(s["ome_mg_per_day"])) for s in steps] + [v for _, v in actual] + [Decimal(1)])

    def x(day: dt.date) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * (day - first).days / span, 1)

    def y(value: Any) -> float:
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * float(Decimal(str(value)) / top), 1)

    planned = []
    for step in steps:
        planned += [(x(parse_date(step["start_date"])), y(step["ome_mg_per_day"])),
                    (x(parse_date(step["end_date"]) + dt.timedelta(days=1)), y(step["ome_mg_per_day"]))]
    return {
        "width": WIDTH, "height": HEIGHT, "pad": PAD, "top": mg(top),
        "planned_points": " ".join(f"{px},{py}" for px, py in planned),
        "actual_points": [{"x": x(day), "y": y(value)} for day, value in actual],
        "first": long_date(first), "last": long_date(last), "y_top": y(top), "y_zero": y(0),
        "rows": [{"day": day, "planned": planned_ome_on(steps, day), "actual": value} for day, value in actual],
    }


# --- State rules for templates (issue #18): what a page offers follows the state machine's table. ---

def plan_actions(plan: Plan) -> frozenset[str]:
    """The status changes and edits a plan page may offer, read from PLAN_TRANSITIONS:
    "pause" when it can move to paused from another status, "resume" when a paused (in-progress)
    plan can go back to active (a draft becomes active only by approval), "stop" when it can be
    stopped, and "change" (author a version, approve, edit steps) while it has anywhere left to go."""
    from rose.plans.models import IN_PROGRESS, PLAN_TRANSITIONS, PlanStatus

    status = plan.status
    onward = PLAN_TRANSITIONS.get(status, ())
    actions: set[str] = set()
    if PlanStatus.PAUSED in onward and status != PlanStatus.PAUSED:
        actions.add("pause")
    if PlanStatus.ACTIVE in onward and status in IN_PROGRESS and status != PlanStatus.ACTIVE:
        actions.add("resume")
    if PlanStatus.STOPPED in onward:
        actions.add("stop")
    if onward:
        actions.add("change")
    return frozenset(actions)


def booking_awaits_outcome(booking: Booking | None) -> bool:
    """An appointment's outcome can be recorded while the booking can still become attended."""
    from rose.plans.models import BOOKING_TRANSITIONS, BookingStatus

    return booking is not None and BookingStatus.ATTENDED in BOOKING_TRANSITIONS.get(booking.status, ())


JINJA_GLOBALS = {"plan_actions": plan_actions, "booking_awaits_outcome": booking_awaits_outcome}
