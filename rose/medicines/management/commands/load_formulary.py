from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rose.medicines.services import formulary_load


class Command(BaseCommand):
    help = ("Load (or reload) the versioned formulary and conversion tables into the database. Idempotent: "
            "data-file rows are set to the file's values; products added by administrators are kept.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--formulary", metavar="FILE", help="formulary JSON (default: the packaged file)")
        parser.add_argument("--tables", metavar="FILE", help="conversion tables JSON (default: the packaged file)")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = formulary_load(formulary_path=options.get("formulary"), tables_path=options.get("tables"))
        self.stdout.write(f"Loaded {counts['products']} products ({counts['retired']} retired), "
                          f"{counts['tables']} tables, {counts['rows']} conversion rows.")
