import rules

from rose.accounts.rules import is_admin, is_clinical_team

rules.add_perm("patients.view_patient", is_clinical_team)
rules.add_perm("patients.add_patient", is_clinical_team)
rules.add_perm("patients.change_patient", is_clinical_team)
rules.add_perm("patients.record_consent", is_clinical_team)
rules.add_perm("patients.view_patient_audit", is_admin)
rules.add_perm("patients.view_task", is_clinical_team)
rules.add_perm("patients.complete_task", is_clinical_team)
