"""Read texts on standard input, one a line; write one JSON object a line:
{"urgent": true|false, "categories": [...], "matched": [...]}.

    printf 'extra tablets and cant breathe\\nfine thanks\\n' | python manage.py redflags

The rules, then the text classifier when the rules find nothing (rose/messaging/redflags/__init__.py).
Needs no database. An empty line answers {"urgent": false, "categories": [], "matched": []}.
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from rose.messaging.redflags import red_flag_scan


class Command(BaseCommand):
    help = "Check texts (one a line on standard input) for red flags; one JSON object a line on standard output"
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        source = options.get("stdin") or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        for line in source:
            result = red_flag_scan(line.rstrip("\r\n"))
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
