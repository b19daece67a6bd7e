"""Base for `manage.py ome` and `manage.py taper`: JSON on stdin, JSON on stdout, exit 2 on bad input."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from rose.medicines.jsonio import dumps, parse_json, run

BAD_INPUT = 2


class JsonCommand(BaseCommand):
    kind = "ome"
    requires_system_checks: list[str] = []

    def handle_json(self) -> None:
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        value, errors = parse_json(raw)
        ok, body = (False, errors) if errors else run(self.kind, value)
        self.stdout.write(dumps(body))
        if not ok:
            sys.exit(BAD_INPUT)

    def handle(self, *args: Any, **options: Any) -> None:
        self.handle_json()
