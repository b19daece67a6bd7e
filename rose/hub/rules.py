import rules

from rose.accounts.rules import is_admin, is_clinical_team, is_nurse, is_prescriber

# Assign learning pages to a patient and see their progress: the clinical team.
rules.add_perm("hub.assign_learning", is_clinical_team)
# The overdue-reviews report: editors (admin, nurse) and clinical leads (prescriber).
rules.add_perm("hub.view_review_report", is_admin | is_nurse | is_prescriber)
# Text a patient a link to their own page (portal): the clinical team.
rules.add_perm("hub.send_portal_link", is_clinical_team)
