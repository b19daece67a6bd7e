"""Role predicates and the permissions every app builds on. The matrix is docs/permissions.md."""

from __future__ import annotations

import rules

from rose.accounts.roles import Role


def _has_role(*roles: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role({','.join(roles)})")
    def check(user: object) -> bool:
        return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", None) in roles
                    and getattr(user, "is_active", False))

    return check


is_admin = _has_role(Role.ADMIN)
is_coordinator = _has_role(Role.COORDINATOR)
is_nurse = _has_role(Role.NURSE)
is_prescriber = _has_role(Role.PRESCRIBER)
is_peer = _has_role(Role.PEER)
is_referrer = _has_role(Role.REFERRER)
is_evaluator = _has_role(Role.EVALUATOR)
is_clinical_team = _has_role(Role.ADMIN, Role.COORDINATOR, Role.NURSE, Role.PRESCRIBER)
is_staff_member = _has_role(*Role.values)

rules.add_perm("accounts.manage_users", is_admin)
rules.add_perm("accounts.reset_two_factor", is_admin)
rules.add_perm("accounts.view_audit", is_admin)
# The Django admin's programme settings page (contact details, whether texts name medicines).
rules.add_perm("accounts.view_programme", is_admin)
rules.add_perm("accounts.change_programme", is_admin)
