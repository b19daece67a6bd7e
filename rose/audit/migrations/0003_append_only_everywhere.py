"""The database refuses to change audit rows on SQLite too, and refuses TRUNCATE on PostgreSQL
(rose/audit/guard.py explains the one exception, `manage.py flush`)."""

from django.db import migrations

SQLITE_CREATE = [
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent WHEN rose_audit_locked()
       BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditevent WHEN rose_audit_locked()
       BEGIN SELECT RAISE(ABORT, 'audit_auditevent is append-only'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]

POSTGRES_CREATE = """
CREATE OR REPLACE FUNCTION rose_audit_no_truncate() RETURNS trigger AS $$
BEGIN
  IF current_setting('rose.audit_flush', true) = 'on' THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION rose_audit_no_truncate();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS rose_audit_no_truncate();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_CREATE:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
