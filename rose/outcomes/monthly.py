"""Monthly measures as XmR charts (spc.py): series from the pre-computed "monthly" DashboardCell rows,
a server-rendered SVG chart (no JavaScript) and the table printed beside it.

Small numbers: for anyone who sees suppressed figures, a month with fewer than 5 patients (or a count of
1 to 4) is shown as "Fewer than 5" and left out of the chart and of its mean and limits, so that no
suppressed figure can be worked back from the others. Months with no data for a mean or a share are gaps;
a count with no rows that month is a real 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

from rose.outcomes import spc
from rose.outcomes.summaries import MONTHLY

SMALL_NUMBER = 5
WINDOW = 24  # months drawn: MDC charts show about two years of monthly points
MEASURES: dict[str, dict[str, str]] = {
    "referrals": {"title": "New referrals received each month", "unit": "referrals", "better": ""},
    "plans_started": {"title": "Patients starting a reduction plan each month", "unit": "patients", "better": ""},
    "ome_baseline": {"title": "Mean daily opioid dose at referral (OME mg), by month of baseline",
                     "unit": "mg", "better": ""},
    "reduced_m3": {"title": "Share of patients at 3 months who reduced their dose by 50% or more or stopped, "
                            "by month the 3-month questionnaire was due", "unit": "%", "better": "higher"},
    "peg_change_m3": {"title": "Mean change in PEG pain score from baseline to 3 months (below 0 is better), "
                               "by month due", "unit": "points", "better": "lower"},
    "phq9_change_m3": {"title": "Mean change in PHQ-9 from baseline to 3 months (below 0 is better), by month due",
                       "unit": "points", "better": "lower"},
    "gad7_change_m3": {"title": "Mean change in GAD-7 from baseline to 3 months (below 0 is better), by month due",
                       "unit": "points", "better": "lower"},
}
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Colours: text #212b32 and lines #4c6272 on white (both above 4.5:1); special-cause points also differ in
# shape (a diamond, not a circle) and carry a text label, so colour is never the only signal.
COLOURS = {"improvement": "#005eb8", "concern": "#ed8b00", "neutral": "#330072", "common": "#4c6272"}


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


def _months_between(first: str, last: str) -> list[str]:
    year, month = (int(x) for x in first.split("-"))
    out = []
    while f"{year}-{month:02d}" <= last:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass
class MonthRow:
    month: str
    label: str
    n: int
    value: Decimal | None
    suppressed: bool
    signal: str = ""
    special: bool = False


def _value(kind: str, cell: Any) -> Decimal | None:
    if cell.value is None:
        return None
    if kind == "share":
        return (Decimal(cell.value) * 100 / cell.n).quantize(Decimal("0.1")) if cell.n else None
    return Decimal(cell.value) if kind == "count" else Decimal(cell.value).quantize(Decimal("0.1"))


def _rows(code: str, cells: dict[str, Any], suppress_small: bool, until: str | None) -> list[MonthRow]:
    kind = MONTHLY[code]
    months = sorted(m for m in cells if until is None or m <= until)
    if not months:
        return []
    rows = []
    for month in _months_between(months[0], months[-1])[-WINDOW:]:
        cell = cells.get(month)
        n = cell.n if cell else 0
        hidden = suppress_small and 0 < n < SMALL_NUMBER
        value = None if hidden else (_value(kind, cell) if cell else (Decimal(0) if kind == "count" else None))
        rows.append(MonthRow(month, month_label(month), n, value, hidden))
    return rows


def _chart_for(code: str, rows: list[MonthRow]) -> dict[str, Any]:
    spec = MEASURES[code]
    series = [(r.month, r.value) for r in rows if r.value is not None]
    result = spc.xmr(series, better=spec["better"])
    by_month = {p.label: p for p in result.points}
    for row in rows:
        point = by_month.get(row.month)
        if row.suppressed:
            row.signal = "Fewer than 5: not charted"
        elif point is None:
            row.signal = "No data: not charted"
        else:
            row.signal, row.special = spc.describe(point, spec["better"]), point.special
    return {"code": code, "title": spec["title"], "unit": spec["unit"], "rows": rows, "xmr": result,
            "mean": _round(result.mean), "upper": _round(result.upper), "lower": _round(result.lower),
            "svg": xmr_svg(code=code, title=spec["title"], rows=rows, chart=result)}


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"))


def monthly_charts(*, cells: list[Any], suppress_small: bool, until: str | None = None) -> list[dict[str, Any]]:
    """One XmR chart and table per monthly measure, from the section "monthly" cells (up to month `until`)."""
    by_measure: dict[str, dict[str, Any]] = {code: {} for code in MEASURES}
    for cell in cells:
        code, _, month = cell.metric.partition(":")
        if code in by_measure and month:
            by_measure[code][month] = cell
    charts = []
    for code, found in by_measure.items():
        rows = _rows(code, found, suppress_small, until)
        if rows:
            charts.append(_chart_for(code, rows))
    return charts


def _describe_svg(title: str, rows: list[MonthRow], chart: spc.XmR) -> str:
    charted = [r for r in rows if r.value is not None]
    if not charted:
        return f"{title}: no month has a number to chart."
    text = f"{len(charted)} months charted, {charted[0].label} to {charted[-1].label}."
    if chart.has_limits:
        text += (f" Mean {_round(chart.mean)}, process limits {_round(chart.lower)} to {_round(chart.upper)}.")
    special = [r.label for r in rows if r.special]
    text += (f" Special cause in {len(special)} month{'s' if len(special) != 1 else ''}: {', '.join(special)}."
             if special else " No special cause: common-cause variation only.")
    return text + " " + " ".join(chart.notes) + " The table beside the chart has every number."


def _kind(point: spc.Point, better: str) -> str:
    if not point.special:
        return "common"
    if better not in ("higher", "lower") or not point.side:
        return "neutral"
    return "improvement" if (point.side == "high") == (better == "higher") else "concern"


def xmr_svg(*, code: str, title: str, rows: list[MonthRow], chart: spc.XmR) -> Markup:
    """An XmR chart as inline SVG: the points joined by a line, the mean (solid) and process limits (dashed).
    Special-cause points are diamonds with a text label ("high" or "low"); common-cause points are circles."""
    width, height, left, right, top, bottom = 760, 330, 56, 150, 24, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [r.value for r in rows if r.value is not None]
    bounds = values + [v for v in (chart.upper, chart.lower, chart.mean) if v is not None]
    low, high = (min(bounds), max(bounds)) if bounds else (Decimal(0), Decimal(1))
    pad = (high - low) / 10 or Decimal(1)
    low, high = low - pad, high + pad

    def y(value: Decimal) -> float:
        return round(top + plot_h * float((high - value) / (high - low)), 1)

    def x(index: int) -> float:
        return round(left + (plot_w * (index + 0.5) / max(len(rows), 1)), 1)

    chart_id = f"xmr-{code}"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
             f'viewBox="0 0 {width} {height}" width="100%" class="rose-chart rose-xmr" font-family="Arial, sans-serif">'
             f'<title id="{chart_id}-t">{escape(title)}: XmR chart</title>'
             f'<desc id="{chart_id}-d">{escape(_describe_svg(title, rows, chart))}</desc>'
             f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#4c6272"/>']
    for name, value, dash in (("Upper limit", chart.upper, "6 4"), ("Mean", chart.mean, ""),
                              ("Lower limit", chart.lower, "6 4")):
        if value is None or (name != "Mean" and not chart.has_limits):
            continue
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value)}" y2="{y(value)}" stroke="#4c6272" '
                     f'stroke-width="{1.5 if dash else 2}"{dashes}/>'
                     f'<text x="{left + plot_w + 6}" y="{y(value) + 4}" font-size="13" fill="#212b32">'
                     f"{name} {_round(value)}</text>")
    parts.append(f'<text x="{left - 6}" y="{top + 12}" text-anchor="end" font-size="12" fill="#212b32">'
                 f"{_round(high)}</text>"
                 f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="12" fill="#212b32">'
                 f"{_round(low)}</text>")
    parts.extend(_points_svg(rows, chart, x, y))
    step = 1 if len(rows) <= 12 else 3
    for index, row in enumerate(rows):
        if index % step == 0 or index == len(rows) - 1:
            parts.append(f'<text x="{x(index)}" y="{top + plot_h + 18}" text-anchor="end" font-size="12" '
                         f'fill="#212b32" transform="rotate(-40 {x(index)} {top + plot_h + 18})">'
                         f"{escape(row.label)}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every label is escaped above


def _points_svg(rows: list[MonthRow], chart: spc.XmR, x: Any, y: Any) -> list[str]:
    by_month = {p.label: p for p in chart.points}
    line, marks = [], []
    for index, row in enumerate(rows):
        point = by_month.get(row.month)
        if point is None:
            continue
        px, py = x(index), y(point.value)
        line.append(f"{px},{py}")
        kind = _kind(point, chart.better)
        if kind == "common":
            marks.append(f'<circle cx="{px}" cy="{py}" r="4" fill="{COLOURS[kind]}"/>')
            continue
        marks.append(f'<path d="M{px},{py - 8} L{px + 8},{py} L{px},{py + 8} L{px - 8},{py} Z" '
                     f'fill="{COLOURS[kind]}" stroke="#212b32" stroke-width="1.5"/>'
                     f'<text x="{px}" y="{py - 12 if point.side != "low" else py + 22}" text-anchor="middle" '
                     f'font-size="12" font-weight="bold" fill="#212b32">{point.side or "special"}</text>')
    path = f'<polyline points="{" ".join(line)}" fill="none" stroke="#4c6272" stroke-width="1.5"/>' if line else ""
    return [path, *marks]
