"""Clinics and plans permissions. Expert service users (peer) never see plans."""

import rules

from rose.accounts.rules import is_admin, is_clinical_team, is_coordinator, is_nurse, is_prescriber

rules.add_perm("plans.view_clinic", is_clinical_team)
rules.add_perm("plans.publish_slot", is_prescriber | is_coordinator)  # coordinators run the clinic rota
rules.add_perm("plans.book_slot", is_coordinator | is_admin | is_nurse)
rules.add_perm("plans.record_outcome", is_clinical_team)
rules.add_perm("plans.record_consultation", is_prescriber | is_nurse)
rules.add_perm("plans.view_plan", is_clinical_team)
rules.add_perm("plans.author_plan", is_prescriber | is_nurse)
rules.add_perm("plans.approve_plan", is_prescriber)
rules.add_perm("plans.manage_plan", is_prescriber | is_nurse)
rules.add_perm("plans.record_dose", is_clinical_team)
