"""Display shapes for plan steps: clinician tables, the patient's week-by-week wording, the GP
letter rows, review dates and the planned-versus-actual chart (server-rendered SVG)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from rose.core.presenters import date as long_date
from rose.core.presenters import mg
from rose.plans.steps import diff_steps as diff_rows  # noqa: F401 - re-exported for views
from rose.plans.steps import dose_sentence, is_patch, parse_date, when_words

REVIEW_EVERY = dt.timedelta(weeks=4)


def _day(value: str) -> str:
    day = parse_date(value)
    return f"{day:%A} {day.day} {day:%B}"


def administration_text(adm: dict[str, Any]) -> str:
    """`1 x Morphine 30mg modified-release tablets (at 8am)`; as-needed and numbered doses keep the
    engine's words, never read as a clock time."""
    when = adm["time"] if is_patch(adm) else when_words(adm)
    return f"{mg(adm['units'])} x {adm['product']} ({when})"


def step_rows(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{
        "number": step["step"], "start": parse_date(step["start_date"]), "end": parse_date(step["end_date"]),
        "days": step["days"], "ome": step["ome_mg_per_day"], "target": step.get("target_ome_mg_per_day"),
        "doses": [administration_text(adm) for adm in step["administrations"]] or ["Stop"],
        "supply": [f"{mg(s['quantity'])} {s['unit']}{'s' if s['quantity'] != 1 else ''} of {s['product']}"
                   for s in step.get("supply", [])],
        "kind": step.get("kind", "engine"), "reason": step.get("reason", ""), "note": step.get("note", ""),
    } for step in steps]


def patient_weeks(steps: list[dict[str, Any]]) -> list[dict[str, str]]:
    """`Monday 4 January to Sunday 17 January: one 30 mg tablet at 8am and ...`."""
    rows = []
    for step in steps:
        if not step["administrations"]:
            rows.append({"when": f"From {_day(step['start_date'])}", "what": "Stop taking this medicine."})
            continue
        when = _day(step["start_date"]) if step["start_date"] == step["end_date"] else \
            f"{_day(step['start_date'])} to {_day(step['end_date'])}"
        rows.append({"when": when, "what": dose_sentence(step["administrations"]) + "."})
    return rows


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
