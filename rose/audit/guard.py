"""The database itself refuses to change or delete audit rows (docs/security.md).

Migration 0003 adds triggers on SQLite (UPDATE and DELETE) and on PostgreSQL (TRUNCATE; 0002 already
refuses UPDATE and DELETE). Only `manage.py flush`, which empties every table at once (test teardown,
never a running service), passes: on SQLite the triggers ask the function `rose_audit_locked()`,
registered on each connection; on PostgreSQL the TRUNCATE trigger reads the transaction-local setting
`rose.audit_flush`. A connection without the function (the sqlite3 shell) is refused outright.
Defence in depth against mistakes and ORM misuse; deployments also revoke TRUNCATE, UPDATE and DELETE
on audit_auditevent from the application's database role (docs/security.md)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

_flushing: ContextVar[bool] = ContextVar("rose_audit_flushing", default=False)


def _locked() -> int:
    return 0 if _flushing.get() else 1


def _register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("rose_audit_locked", 0, _locked)


def install() -> None:
    from django.db import connections
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.backends.signals import connection_created

    connection_created.connect(_register, dispatch_uid="rose_audit_guard")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _register(None, connection)
    if getattr(BaseDatabaseOperations.execute_sql_flush, "rose_audit", False):
        return
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: list[str]) -> None:
        if self.connection.vendor == "postgresql":
            sql_list = ["SET LOCAL rose.audit_flush = 'on'", *sql_list]
        token = _flushing.set(True)
        try:
            original(self, sql_list)
        finally:
            _flushing.reset(token)

    execute_sql_flush.rose_audit = True  # type: ignore[attr-defined]
    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign, assignment]
