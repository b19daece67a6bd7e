import rules

from rose.accounts.rules import is_admin, is_clinical_team, is_referrer

rules.add_perm("referrals.create_referral", is_referrer)
rules.add_perm("referrals.triage", is_clinical_team)
rules.add_perm("referrals.view_waitlist", is_clinical_team)
rules.add_perm("referrals.view_reports", is_clinical_team)
rules.add_perm("referrals.manage_api_tokens", is_admin)
