"""Writing many new rows at once (scheduling a batch of plans' texts): COPY on PostgreSQL.

`bulk_create` spends most of its time in Python, building a model instance for every row and preparing
every field of it; scheduling 10,000 plans is 600,000 rows (a text and its first history row each).
Here the fields every row shares are prepared once, through the model's own fields, from one template
instance (defaults, `auto_now` times), and each row adds only its own values, streamed by PostgreSQL's
COPY. Elsewhere (SQLite in development and tests) the same rows go through `bulk_create`.
"""

from __future__ import annotations

import operator
import time
from typing import Any

from django.db import connection, models


def rows_insert(model: type[models.Model], *, rows: list[dict[str, Any]], common: dict[str, Any] | None = None,
                copy: bool | None = None) -> int:
    """Insert `rows` (dicts of attribute name to value, the same keys in each), each with `common` and
    every other field's default. Row values must already be what the database stores (UUID, aware
    datetime, Decimal, str, int, None): no field conversion runs on them. A model whose key is not
    numbered by the database needs the key in each row. `copy` forces a strategy (tests compare them)."""
    if not rows:
        return 0
    common = common or {}
    if copy is None:
        copy = connection.vendor == "postgresql"
    if not copy:
        model._default_manager.bulk_create([model(**common, **row) for row in rows], batch_size=500)
        return len(rows)
    _copy_rows(model, rows, common)
    return len(rows)


def _shared_values(model: type[models.Model], own: list[str], common: dict[str, Any]
                   ) -> list[tuple[models.Field[Any, Any], Any]]:
    """Each field a row does not give, with its value prepared once as `save()` would prepare it."""
    template = model(**common)
    shared = []
    for field in model._meta.concrete_fields:
        if field.attname in own:
            continue
        if field.primary_key:
            if isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField):
                continue  # the database numbers it
            raise ValueError(f"Each {model.__name__} row needs its own {field.attname}")
        shared.append((field, field.get_db_prep_save(field.pre_save(template, add=True), connection)))
    return shared


def _column(field: object) -> str:
    """The database column of a concrete field (rows name only concrete fields)."""
    column = getattr(field, "column", None)
    if not column:
        raise ValueError(f"{field} has no database column")
    return str(column)


def _copy_rows(model: type[models.Model], rows: list[dict[str, Any]], common: dict[str, Any]) -> None:
    own = list(rows[0])
    shared = _shared_values(model, own, common)
    quote = connection.ops.quote_name
    columns = [_column(model._meta.get_field(name)) for name in own] + [_column(field) for field, _ in shared]
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    tail = tuple(value for _, value in shared)
    pick = operator.itemgetter(*own)  # by name: a row's keys need not be in the same order
    started = time.monotonic()
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as stream:
        for row in rows:
            stream.write_row((*pick(row), *tail) if len(own) > 1 else (pick(row), *tail))
    if connection.queries_logged:  # counted like any other statement (query-count tests, debug toolbar)
        connection.queries_log.append({"sql": f"{sql} -- {len(rows)} rows",
                                       "time": f"{time.monotonic() - started:.3f}"})
