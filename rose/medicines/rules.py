"""Permissions of the medicines app (matrix in docs/medicines.md)."""

import rules

from rose.accounts.rules import is_admin, is_clinical_team, is_evaluator, is_referrer

# The staff calculation API (the public calculator page needs no permission).
rules.add_perm("medicines.calculate", is_clinical_team | is_evaluator | is_referrer)
# Django admin: administrators add and change products and read the conversion tables.
rules.add_perm("medicines.view_product", is_admin)
rules.add_perm("medicines.add_product", is_admin)
rules.add_perm("medicines.change_product", is_admin)
rules.add_perm("medicines.view_conversiontable", is_admin)
rules.add_perm("medicines.view_conversionrow", is_admin)
