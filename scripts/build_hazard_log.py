#!/usr/bin/env python
"""Assemble docs/clinical-safety/hazard-log.md from the per-area hazard files beside it.

Each area keeps its hazards next to its code's owners (hazards-<area>.md, hazard-log-engine.md);
this script joins them under one header so the clinical safety officer reads one document.
tests/test_hazard_log.py checks that every test the log names exists.
"""

from pathlib import Path

DIR = Path(__file__).resolve().parents[1] / "docs" / "clinical-safety"
ORDER = ["hazards-platform.md", "hazard-log-engine.md", "hazards-medicines.md", "hazards-referrals.md",
         "hazards-plans.md", "hazards-letters.md", "hazards-messaging.md", "hazards-groups.md",
         "hazards-outcomes.md", "hazards-hub.md"]

HEADER = """# Hazard log

ROSE's clinical risk management file under DCB0129 (manufacturer). Each hazard names its cause,
the control in the software and the automated test that proves the control works
(`tests/test_hazard_log.py` fails if a named test does not exist). Severity, likelihood and risk
ratings, and the safety case, belong to the Clinical Safety Officer, who has not yet been
appointed: **ROSE is not cleared for clinical use.**

This file is assembled from one section per area by `scripts/build_hazard_log.py`; edit the
section files (`hazards-*.md`, `hazard-log-engine.md`), then run the script.

"""


def main() -> None:
    parts = [HEADER]
    for name in ORDER:
        path = DIR / name
        if path.exists():
            parts.append(path.read_text(encoding="utf-8").strip() + "\n\n")
    (DIR / "hazard-log.md").write_text("".join(parts), encoding="utf-8")
    print("wrote", DIR / "hazard-log.md")


if __name__ == "__main__":
    main()
