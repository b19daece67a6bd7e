"""SPSS (.sav) and Stata (.dta) files of the de-identified exports, written by pyreadstat (ReadStat).

Two data sets, de-identified exactly as the CSV files (rose/outcomes/exports.py):
- responses: one row per questionnaire with the columns of responses.csv (`mode` coded 1 = patient online,
  2 = staff from a phone call) and one variable per question of each instrument in use, named
  `<instrument>_<item>` (as in dictionary.csv), labelled with the question and its answer options;
- doses: the rows of doses.csv.
Every variable carries its label; coded variables carry value labels. Free-text answers are never exported.

Memory: pyreadstat writes a whole pandas DataFrame (it needs the row count before the first row and has no
append), so a file is built in memory, written to a temporary file and streamed from disk. Rows are read
from the database 2,000 at a time and each chunk becomes typed columns at once (whole numbers 5 bytes a
cell, decimals 8, text a pointer to a shared string): with the built-in instruments (40 variables) the peak
was 286 bytes a response row (docs/outcomes.md). MAX_ROWS bounds it: a larger data set is refused, and the
CSV files, which stream with flat memory, serve it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from rose.outcomes import exports, selectors
from rose.outcomes import instruments as defs

if TYPE_CHECKING:
    import pandas as pd

    from rose.accounts.models import User

MAX_ROWS = 200_000
CHUNK = 2_000
STATA_LABEL_CHARS = 80  # Stata's limit for a variable label; SPSS allows 256 bytes
SPSS_LABEL_BYTES = 256
VALUE_LABEL_BYTES = 120  # SPSS's limit for a value label
NAME_CHARS = 32  # Stata's limit for a variable name (SPSS allows 64)
MODE_CODES = {"patient": 1, "phone": 2}


class TooManyRows(Exception):
    """The data set is larger than one in-memory SPSS or Stata file should be (MAX_ROWS)."""

    def __init__(self, rows: int) -> None:
        super().__init__(f"{rows} rows is more than {MAX_ROWS}")
        self.rows = rows


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    kind: str  # "text", "integer" or "decimal"
    values: dict[int, str] | None = None


def _variables(columns: list[tuple[str, str, str, Any]]) -> list[Variable]:
    out = []
    for name, label, kind, values in columns:
        if name == "mode":
            out.append(Variable(name, f"{label} (coded)", "integer",
                                {MODE_CODES[code]: text for code, text in values.items()}))
        else:
            out.append(Variable(name, label, "text" if kind == "string" else kind, values))
    return out


def _name(raw: str, taken: set[str]) -> str:
    """A name valid in both SPSS and Stata: a letter first, then letters, digits and underscores."""
    name = "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_" for c in raw.lower())
    if not name[:1].isalpha():
        name = f"v_{name}"
    name, stem, n = name[:NAME_CHARS], name[:NAME_CHARS - 3], 1
    while name in taken:
        name, n = f"{stem}_{n}", n + 1
    taken.add(name)
    return name


def item_variables(instruments: Iterable[Any], taken: set[str]) -> dict[tuple[str, str], Variable]:
    """One variable per question (not free text) of the instruments, keyed by (instrument code, item code).
    Wording and answer options come from the newest version; when versions disagree on the options the
    variable has no value labels (dictionary.csv lists each version's)."""
    versions: dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for instrument in instruments:
        definition = instrument.definition
        for item in definition["items"]:
            if not defs.is_text_item(item):
                versions[(definition["code"], item["code"])].append((definition, item))
    out = {}
    for (code, item_code), seen in versions.items():
        definition, item = seen[-1]
        label = f"{definition.get('short_name') or definition['name']} {item_code}: {item['text']}"
        options = {tuple((int(o["value"]), o["label"]) for o in i["options"]) for _, i in seen}
        values = {int(o["value"]): o["label"] for o in item["options"]} if len(options) == 1 else None
        if values is None:
            label += " (answer options differ between versions: see dictionary.csv)"
        out[(code, item_code)] = Variable(_name(f"{code}_{item_code}", taken), label, "integer", values)
    return out


def _chunks(rows: Iterator[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _response_rows(user: User, items: dict[tuple[str, str], Variable]) -> Iterator[list[list[Any]]]:
    """Chunks of rows: the responses.csv values, then one value per item variable (None when unanswered)."""
    position = {key: index for index, key in enumerate(items)}
    rows = (selectors.responses_for_export(user=user)
            .annotate(baseline_due=exports.baseline_due(), x_when=Coalesce("completed_at", "started_at"),
                      x_completed=Q(completed_at__isnull=False))
            .values_list("pk", "patient_id", "invitation__event__code", "instrument__code", "instrument_version",
                         "mode", "x_completed", "x_when", "baseline_due", "score", "score_band", "score_note")
            .iterator(chunk_size=CHUNK))
    study_ids = exports.StudyIds()
    for chunk in _chunks(rows):
        answers: dict[uuid.UUID, list[tuple[str, int | None]]] = defaultdict(list)
        for response_id, item_code, value in (selectors.answers_for_export(user=user).order_by()
                                              .filter(response_id__in=[row[0] for row in chunk])
                                              .values_list("response_id", "item_code", "value")):
            answers[response_id].append((item_code, value))
        out = []
        for rid, pid, event, code, version, mode, completed, when, baseline, score, band, note in chunk:
            local = timezone.localtime(when)  # once a row: the month and the days both come from it
            values: list[Any] = [None] * len(position)
            for item_code, value in answers[rid]:
                if (index := position.get((code, item_code))) is not None:
                    values[index] = value
            days = (local.date() - baseline).days if baseline else None
            out.append([study_ids[pid], event, code, version, MODE_CODES.get(mode), 1 if completed else 0,
                        local.strftime("%Y-%m"), days, score, band, note, *values])
        yield out


def _column(values: tuple[Any, ...], kind: str) -> pd.Series:
    import pandas as pd  # imported when a file is asked for: with pyreadstat it adds about 70 MB to a process

    if kind == "text":  # repeated text (events, codes, bands, study ids) shares one string object
        return pd.Series([sys.intern(str(v)) if v is not None else "" for v in values], dtype=object)
    if kind == "integer":
        return pd.Series(pd.array(values, dtype="Int32"))
    return pd.Series([float(v) if v is not None else float("nan") for v in values], dtype="float64")


def build_frame(variables: list[Variable], chunks: Iterable[list[list[Any]]]) -> pd.DataFrame:
    """A typed DataFrame from chunks of rows; each chunk is converted as it arrives, and the columns are
    joined one at a time, so the peak is the frame plus one column."""
    import pandas as pd

    parts: list[list[pd.Series]] = [[] for _ in variables]
    rows = 0
    for chunk in chunks:
        rows += len(chunk)
        if rows > MAX_ROWS:
            raise TooManyRows(rows)
        for index, column in enumerate(zip(*chunk, strict=True)):
            parts[index].append(_column(column, variables[index].kind))
    data = {}
    for variable, series in zip(variables, parts, strict=True):
        data[variable.name] = (pd.concat(series, ignore_index=True) if series
                               else _column((), variable.kind))
        series.clear()
    return pd.DataFrame(data, copy=False)


def _fit(text: str, limit: int, *, in_bytes: bool) -> str:
    if not in_bytes:
        return text if len(text) <= limit else text[:limit - 1] + "…"
    if len(text.encode()) <= limit:
        return text
    while len((text + "…").encode()) > limit:
        text = text[:-1]
    return text + "…"


def write(frame: pd.DataFrame, variables: list[Variable], *, fmt: str, file_label: str) -> IO[bytes]:
    """Write the frame as .sav or .dta to a temporary file; return it open at the start. The file has no
    name on disk any more (POSIX), so it goes when the response closes it."""
    import pyreadstat

    stata = fmt == "dta"
    labels: dict[str, str | None] = {v.name: _fit(v.label, STATA_LABEL_CHARS, in_bytes=False) if stata
              else _fit(v.label, SPSS_LABEL_BYTES, in_bytes=True) for v in variables}
    value_labels: dict[str, dict[int | float, str]] = {
        v.name: {k: _fit(t, VALUE_LABEL_BYTES, in_bytes=True) for k, t in v.values.items()}
        for v in variables if v.values}
    handle, path = tempfile.mkstemp(suffix=f".{fmt}")
    os.close(handle)
    try:
        if stata:
            pyreadstat.write_dta(frame, path, file_label=file_label[:80], column_labels=labels,
                                 variable_value_labels=value_labels, version=14)
        else:
            pyreadstat.write_sav(frame, path, file_label=file_label, column_labels=labels,
                                 variable_value_labels=value_labels, compress=True)
        return open(path, "rb")  # the response closes it
    finally:
        os.unlink(path)


def responses_dataset(*, user: User) -> tuple[pd.DataFrame, list[Variable]]:
    variables = _variables(exports.RESPONSE_COLUMNS)
    items = item_variables(exports.instruments_in_use(user), {v.name for v in variables})
    variables += list(items.values())
    return build_frame(variables, _response_rows(user, items)), variables


def doses_dataset(*, user: User) -> tuple[pd.DataFrame, list[Variable]]:
    variables = _variables(exports.DOSE_COLUMNS)
    return build_frame(variables, _chunks(exports.dose_rows(user=user))), variables


def _file(dataset: Any, fmt: str, label: str) -> Any:
    def make(*, user: User) -> IO[bytes]:
        frame, variables = dataset(user=user)
        return write(frame, variables, fmt=fmt, file_label=label)

    return make


responses_sav = _file(responses_dataset, "sav", "ROSE outcome questionnaires, de-identified")
responses_dta = _file(responses_dataset, "dta", "ROSE outcome questionnaires, de-identified")
doses_sav = _file(doses_dataset, "sav", "ROSE opioid dose (OME) at each event, de-identified")
doses_dta = _file(doses_dataset, "dta", "ROSE opioid dose (OME) at each event, de-identified")
