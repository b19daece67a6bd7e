from __future__ import annotations

import csv
import sys
from contextlib import ExitStack
from typing import Any, TextIO, cast

from django.core.management.base import CommandParser

from rose.medicines.jsonio import dumps
from rose.medicines.management.commands._jsoncommand import BAD_INPUT, JsonCommand
from rose.medicines.services import ContractError, ome_csv_calculate


class Command(JsonCommand):
    help = ("Oral morphine equivalents: a regimen as JSON on stdin, the answer as JSON on stdout (exit 2 on bad "
            "input); or --csv FILE to add ome_mg_per_day and ome_error columns to a prescribing extract.")
    kind = "ome"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", metavar="FILE", help="a CSV extract, one regimen item a row ('-' for stdin)")
        parser.add_argument("--output", metavar="FILE", help="where to write the CSV (default stdout)")
        parser.add_argument("--table", metavar="ID", help="conversion table id (default: the default table)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.get("csv"):
            self.handle_json()
            return
        with ExitStack() as stack:
            try:
                src = sys.stdin if options["csv"] == "-" else stack.enter_context(
                    open(options["csv"], encoding="utf-8-sig", newline=""))
                dst = stack.enter_context(open(options["output"], "w", encoding="utf-8", newline="")) \
                    if options.get("output") else cast(TextIO, self.stdout._out)  # _out: not in the stubs
            except OSError as exc:
                message = f"cannot open file ({exc.strerror})"
                self.stdout.write(dumps({"errors": [{"field": "csv", "message": message}]}))
                sys.exit(BAD_INPUT)
            try:
                stats = ome_csv_calculate(src=src, dst=dst, table_id=options.get("table"))
            except ContractError as error:
                self.stdout.write(dumps({"errors": list(error.errors)}))
                sys.exit(BAD_INPUT)
            except (UnicodeDecodeError, csv.Error) as exc:
                self.stdout.write(dumps({"errors": [{"field": "csv", "message": f"cannot be read ({exc})"[:200]}]}))
                sys.exit(BAD_INPUT)
        self.stderr.write(f"{stats.rows} rows: {stats.calculated} calculated, {stats.not_calculable} not "
                          f"calculable, {stats.errors} errors")
