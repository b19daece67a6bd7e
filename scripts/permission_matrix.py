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


if __name__ == "__main__":
    sys.stdout.write(matrix())
