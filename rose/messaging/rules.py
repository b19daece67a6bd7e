"""Messaging permissions. Expert service users (peer) never see messages."""

import rules

from rose.accounts.rules import is_admin, is_clinical_team

rules.add_perm("messaging.view_inbox", is_clinical_team)
rules.add_perm("messaging.reply", is_clinical_team)
rules.add_perm("messaging.manage_conversation", is_clinical_team)
rules.add_perm("messaging.view_unmatched", is_clinical_team)
rules.add_perm("messaging.view_failed", is_clinical_team)
rules.add_perm("messaging.use_phone_simulator", is_admin | is_clinical_team)
