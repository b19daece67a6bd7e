"""Load a licensed instrument definition: `manage.py load_instrument path/to/file.json`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rose.outcomes.instruments import DefinitionError
from rose.outcomes.services import instrument_load


class Command(BaseCommand):
    help = "Load a questionnaire definition (JSON; format in docs/instruments.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            definition = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
        try:
            instrument = instrument_load(definition=definition)
        except DefinitionError as exc:
            raise CommandError("The definition has problems:\n- " + "\n- ".join(exc.errors)) from exc
        self.stdout.write(f"Loaded {instrument.code} version {instrument.version} ({instrument.name})")
