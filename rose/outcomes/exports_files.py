"""The files on the evaluators' export page (/outcomes/exports/): what each is and how it is served.

`serve` is "stream" (an iterator of text, streamed), "text" (a string) or "file" (an open binary file,
streamed from disk; the SPSS and Stata files, which pyreadstat writes whole, rose/outcomes/exports_stats.py).
"""

from __future__ import annotations

from typing import Any

from rose.outcomes import exports, exports_stats

CSV = "text/csv; charset=utf-8"
SAV = "application/x-spss-sav"
DTA = "application/x-stata-dta"


def _file(func: Any, serve: str, content_type: str, label: str) -> dict[str, Any]:
    return {"func": func, "serve": serve, "content_type": content_type, "label": label}


FILES: dict[str, dict[str, Any]] = {
    "responses.csv": _file(exports.responses_csv, "stream", CSV, "Scores, one row per questionnaire"),
    "answers.csv": _file(exports.answers_csv, "stream", CSV, "Answers, one row per question (no free text)"),
    "doses.csv": _file(exports.doses_csv, "stream", CSV, "Opioid dose (OME) at each event"),
    "dictionary.csv": _file(exports.dictionary_csv, "text", CSV, "Data dictionary"),
    "read_rose.R": _file(exports.r_syntax, "text", "text/plain; charset=utf-8", "R import script"),
    "responses.sav": _file(exports_stats.responses_sav, "file", SAV,
                           "SPSS: scores and answers, one row per questionnaire, with labels"),
    "doses.sav": _file(exports_stats.doses_sav, "file", SAV, "SPSS: opioid dose (OME) at each event, with labels"),
    "responses.dta": _file(exports_stats.responses_dta, "file", DTA,
                           "Stata: scores and answers, one row per questionnaire, with labels"),
    "doses.dta": _file(exports_stats.doses_dta, "file", DTA, "Stata: opioid dose (OME) at each event, with labels"),
}
