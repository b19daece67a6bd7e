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

FILES: dict[str, dict[str, Any]] = {
    "responses.csv": {"func": exports.responses_csv, "serve": "stream", "content_type": CSV,
                      "label": "Scores, one row per questionnaire"},
    "answers.csv": {"func": exports.answers_csv, "serve": "stream", "content_type": CSV,
                    "label": "Answers, one row per question (no free text)"},
    "doses.csv": {"func": exports.doses_csv, "serve": "stream", "content_type": CSV,
                  "label": "Opioid dose (OME) at each event"},
    "dictionary.csv": {"func": exports.dictionary_csv, "serve": "text", "content_type": CSV,
                       "label": "Data dictionary"},
    "read_rose.R": {"func": exports.r_syntax, "serve": "text", "content_type": "text/plain; charset=utf-8",
                    "label": "R import script"},
    "responses.sav": {"func": exports_stats.responses_sav, "serve": "file", "content_type": SAV,
                      "label": "SPSS: scores and answers, one row per questionnaire, with labels"},
    "doses.sav": {"func": exports_stats.doses_sav, "serve": "file", "content_type": SAV,
                  "label": "SPSS: opioid dose (OME) at each event, with labels"},
    "responses.dta": {"func": exports_stats.responses_dta, "serve": "file", "content_type": DTA,
                      "label": "Stata: scores and answers, one row per questionnaire, with labels"},
    "doses.dta": {"func": exports_stats.doses_dta, "serve": "file", "content_type": DTA,
                  "label": "Stata: opioid dose (OME) at each event, with labels"},
}
for _name, _spec in FILES.items():
    _spec["filename"] = _name
