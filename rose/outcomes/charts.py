"""Turn pre-computed DashboardCell rows into tables and server-rendered SVG bar charts.

Each chart is drawn from exactly the rows of the table shown beside it, so the numbers match."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

from rose.outcomes.services import DEFAULT_EVENTS

SMALL_NUMBER = 5
MEASURES = {"peg": "PEG pain score (0 to 10, lower is better)", "phq9": "PHQ-9 (0 to 27, lower is better)",
            "gad7": "GAD-7 (0 to 21, lower is better)", "sci": "Sleep Condition Indicator (0 to 32, higher is better)",
            "ome": "Daily opioid dose, OME mg (lower is better)"}
RESPONDERS = {"peg30": "PEG improved by 30% or more", "ome50": "OME reduced by 50% or more",
              "stopped": "Stopped opioids", "reduced_or_stopped": "OME reduced by 50% or more, or stopped"}
SERVICE = {"referrals": "Referrals received", "enrolments": "Enrolled from the waiting list",
           "wait_days": "Median wait from referral to first group session (days)",
           "attendance": "Group sessions attended (per cent of places recorded)",
           "completions": "Courses completed (per cent of patients whose course has ended)"}
EVENT_LABELS = {e["code"]: e["label"] for e in DEFAULT_EVENTS}


def _event(code: str) -> str:
    return EVENT_LABELS.get(code, code.replace("_", " "))


def _pct(part: Decimal | int | None, whole: int) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def bar_chart(*, title: str, bars: list[tuple[str, Decimal | None]], unit: str = "", max_value: Decimal | None = None,
              chart_id: str) -> Markup:
    """A horizontal bar chart as inline SVG. Bars without a value are drawn empty and labelled."""
    width, label_w, bar_h, gap = 640, 260, 22, 10
    height = max(1, len(bars)) * (bar_h + gap) + 10
    top = max([v for _, v in bars if v is not None] + [max_value or Decimal(1)])
    top = top if top > 0 else Decimal(1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-t" '
             f'viewBox="0 0 {width} {height}" width="100%" class="rose-chart">'
             f'<title id="{chart_id}-t">{escape(title)} (the same numbers are in the table)</title>']
    for index, (label, value) in enumerate(bars):
        y = 5 + index * (bar_h + gap)
        length = 0 if value is None else int((width - label_w - 70) * float(value / top))
        shown = "no number" if value is None else f"{value}{unit}"
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="#212b32">'
                     f"{escape(label[:40])}</text>"
                     f'<rect x="{label_w}" y="{y}" width="{max(length, 1)}" height="{bar_h}" '
                     'fill="#005eb8"/>'
                     f'<text x="{label_w + length + 6}" y="{y + 16}" font-size="13" fill="#212b32">'
                     f"{escape(shown)}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every label is escaped above


def dashboard_view(*, cells: list[Any], dimension: str, suppress_small: bool) -> dict[str, Any]:
    """Group cells into the page's sections. Evaluators see counts under 5 suppressed."""

    def hide(n: int) -> bool:
        return suppress_small and 0 < n < SMALL_NUMBER

    service, completion, outcome, responder = [], [], [], []
    tables: set[str] = set()
    for cell in cells:
        if cell.section == "source":  # which conversion tables the OME figures came from: names only, no counts
            tables.add(cell.metric.partition(":")[2])
            continue
        group = cell.dimension_label if dimension != "all" else ""
        suppressed = hide(cell.n)
        if cell.section == "service":
            value = _pct(cell.value, cell.n) if cell.metric in ("attendance", "completions") else cell.value
            service.append({"group": group, "label": SERVICE.get(cell.metric, cell.metric),
                            "n": cell.n, "value": None if suppressed else value, "suppressed": suppressed})
        elif cell.section == "completion":
            completion.append({"group": group, "label": _event(cell.metric), "n": cell.n,
                               "done": None if suppressed else int(cell.value or 0),
                               "pct": None if suppressed else _pct(cell.value, cell.n), "suppressed": suppressed})
        elif cell.section == "outcome":
            measure, _, event = cell.metric.partition(":")
            change = (cell.value2 - cell.value) if cell.value is not None and cell.value2 is not None else None
            outcome.append({"group": group, "measure": MEASURES.get(measure, measure), "code": measure,
                            "event": _event(event), "n": cell.n, "baseline": None if suppressed else cell.value,
                            "follow_up": None if suppressed else cell.value2,
                            "change": None if suppressed else change, "suppressed": suppressed})
        elif cell.section == "responder":
            kind, _, event = cell.metric.partition(":")
            responder.append({"group": group, "label": RESPONDERS.get(kind, kind), "event": _event(event),
                              "n": cell.n, "count": None if suppressed else int(cell.value or 0),
                              "pct": None if suppressed else _pct(cell.value, cell.n), "suppressed": suppressed})
    charts = {}
    if responder:
        charts["responder"] = bar_chart(
            title="Share of patients reaching each outcome, by event", unit="%", max_value=Decimal(100),
            chart_id="chart-responder",
            bars=[(" ".join(x for x in (r["group"], r["label"], r["event"]) if x), r["pct"]) for r in responder])
    if completion:
        charts["completion"] = bar_chart(
            title="Questionnaires completed, by event", unit="%", max_value=Decimal(100), chart_id="chart-completion",
            bars=[(" ".join(x for x in (r["group"], r["event"] if "label" not in r else r["label"]) if x), r["pct"])
                  for r in completion])
    if outcome:
        bars = []
        for row in outcome:
            name = " ".join(x for x in (row["group"], row["code"].upper(), row["event"]) if x)
            bars.append((f"{name} baseline", row["baseline"]))
            bars.append((f"{name} follow-up", row["follow_up"]))
        charts["outcome"] = bar_chart(title="Mean score at baseline and follow-up, paired patients only",
                                      bars=bars, chart_id="chart-outcome")
    refreshed = max((c.refreshed_at for c in cells), default=None)
    return {"service": service, "completion": completion, "outcome": outcome, "responder": responder,
            "dose": dose_rows(outcome, responder), "charts": charts, "refreshed_at": refreshed,
            "suppressed_note": suppress_small, "grouped": dimension != "all", "ome_tables": sorted(tables)}


def dose_rows(outcome: list[dict[str, Any]], responder: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Opioid dose per group and follow-up: mean OME at referral (the baseline) and at 3, 6 and 12 months,
    with the share who reduced by 50% or more or stopped. Built from the rows above, so suppression holds."""
    share = {(r["group"], r["event"]): r for r in responder if r["label"] == RESPONDERS["reduced_or_stopped"]}
    rows = []
    for row in outcome:
        if row["code"] != "ome":
            continue
        reached = share.get((row["group"], row["event"]))
        rows.append({**row, "reduced_n": reached["n"] if reached else None,
                     "reduced_pct": reached["pct"] if reached else None,
                     "reduced_suppressed": bool(reached and reached["suppressed"])})
    return rows


def quarter_label(period: str) -> str:
    """ "2026-Q1" -> "January to March 2026"; other periods as they are."""
    year, _, quarter = period.partition("-Q")
    spans = {"1": "January to March", "2": "April to June", "3": "July to September", "4": "October to December"}
    return f"{spans[quarter]} {year}" if quarter in spans and year.isdigit() else period
