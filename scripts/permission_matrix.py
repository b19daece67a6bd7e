#!/usr/bin/env python
"""Print the permission matrix (every `rules` permission x every role) as Markdown.

docs/permissions.md embeds this table; rose/accounts/tests/test_permission_matrix.py fails when
the document and the rules disagree, so the document can never drift from what is enforced.
Run: .venv/bin/python scripts/permission_matrix.py > /tmp/matrix.md
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rose.config.settings.test")


def matrix() -> str:
    import django

    django.setup()
    import rules
    from rules.permissions import permissions

    from rose.accounts.models import User
    from rose.accounts.roles import Role

    roles = list(Role)
    lines = ["| Permission | " + " | ".join(role.label for role in roles) + " |",
             "|---|" + "---|" * len(roles)]
    for name in sorted(permissions.keys()):
        if not name.startswith(("accounts.", "patients.", "medicines.", "referrals.", "plans.", "groups.",
                                "messaging.", "outcomes.", "hub.")):
            continue
        cells = []
        for role in roles:
            user = User(role=role, is_active=True)
            cells.append("yes" if rules.has_perm(name, user) else "-")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def url_patterns() -> list[tuple[str, str, object]]:
    """Every URL pattern from the resolver: (path with converters, URL name, pattern)."""
    import django

    django.setup()
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[str, str, object]] = []

    def walk(patterns: list, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern),
                     f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name}" if entry.name else ""
                found.append(("/" + (prefix + str(entry.pattern)).replace("^", "").replace("$", ""), name, entry))

    walk(get_resolver().url_patterns, "", "")
    return found


PATIENT_LINK_PREFIXES = ("/p/", "/portal/", "/outcomes/q/")
API_PREFIXES = ("/fhir/", "/messaging/callbacks/")


# Pages whose view has no `require_perm` and whose path alone does not say who may open them.
ACCESS_BY_NAME = {
    "core:home": "public (staff who are signed in are sent on to their work)",
    "accounts:recovery_codes": "sign-in step (shows only the codes just issued to this session)",
}


def page_access(path: str, callback: object, name: str = "") -> str:
    """Who may open a page: what tests/test_access_matrix.py checks every role against."""
    from rose.accounts.middleware import PRE_TWO_FACTOR_ROUTES, PUBLIC_PREFIXES

    if name in ACCESS_BY_NAME:
        return ACCESS_BY_NAME[name]
    permission = getattr(callback, "required_permission", None)
    if permission:
        return f"`{permission}`"
    if path.startswith("/django-admin/"):
        return "Django admin: staff flag and model permission"
    if path.startswith("/cms/"):
        return "Wagtail admin: access_admin permission"
    static = path.split("<", 1)[0].split("(", 1)[0]
    if static.startswith(PATIENT_LINK_PREFIXES):
        return "patient link (after the date of birth)"
    if static.startswith(API_PREFIXES):
        return "API token or text provider's signature"
    if static.startswith(PUBLIC_PREFIXES):
        return "public"
    from django.urls import Resolver404, resolve

    try:
        signing_in = resolve(path).view_name in PRE_TWO_FACTOR_ROUTES
    except Resolver404:  # paths with converters do not resolve as written
        signing_in = False
    if signing_in:
        return "sign-in step (password, before two-factor)"
    return "signed in with two-factor (the view checks more)"


def pages() -> str:
    """Every ROSE page (Django's and Wagtail's own admins are summarised in one row each)."""
    lines = ["| Page | Path | Who may open it |", "|---|---|---|"]
    admin_rows: dict[str, int] = {}
    for path, name, pattern in url_patterns():
        if path.startswith(("/django-admin/", "/cms/")):
            key = path.split("/")[1]
            admin_rows[key] = admin_rows.get(key, 0) + 1
            continue
        lines.append(f"| `{name or '(unnamed)'}` | `{path}` | {page_access(path, pattern.callback, name)} |")
    for key, count in sorted(admin_rows.items()):
        lines.append(f"| {count} `{key}` pages | `/{key}/...` | {page_access('/' + key + '/', None)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(matrix())
    sys.stdout.write("\n")
    sys.stdout.write(pages())
