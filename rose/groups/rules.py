"""Group programme permissions. Expert service users see only the cohorts they facilitate
(enforced in selectors.cohorts_for_user), and a first-name-only view of them."""

import rules

from rose.accounts.rules import is_admin, is_clinical_team, is_coordinator, is_evaluator, is_nurse, is_peer

rules.add_perm("groups.view_cohort", is_clinical_team | is_peer)
rules.add_perm("groups.manage_cohort", is_admin | is_coordinator | is_nurse)
rules.add_perm("groups.manage_course", is_admin | is_coordinator | is_nurse)
rules.add_perm("groups.record_register", is_admin | is_coordinator | is_nurse)
rules.add_perm("groups.view_reports", is_clinical_team | is_evaluator)
rules.add_perm("groups.use_calendar_feed", is_nurse | is_peer)
