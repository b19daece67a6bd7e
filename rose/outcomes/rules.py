"""Outcome permissions (docs/outcomes.md has the matrix).

Evaluators see de-identified dashboards and exports only; the clinical team sees dashboards and
patients' answers; peers and referrers see nothing here."""

import rules

from rose.accounts.rules import is_clinical_team, is_evaluator

rules.add_perm("outcomes.view_dashboard", is_clinical_team | is_evaluator)
rules.add_perm("outcomes.export", is_evaluator)
rules.add_perm("outcomes.view_responses", is_clinical_team)
rules.add_perm("outcomes.enter_responses", is_clinical_team)
# Text a patient a questionnaire link by hand (issue 15): the clinical team, as for the portal link.
rules.add_perm("outcomes.send_link", is_clinical_team)
rules.add_perm("outcomes.view_fhir", is_clinical_team | is_evaluator)
