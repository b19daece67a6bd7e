"""Issue 12, item 5: the audit log could be changed or deleted through the ORM on SQLite and truncated on
PostgreSQL, and it recorded the proxy's address rather than the client's."""

from __future__ import annotations

import pytest
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory, override_settings

from rose.audit.models import AuditAction, AuditEvent
from rose.audit.services import audit_log, client_ip


@pytest.fixture
def event(make_user):
    return audit_log(action=AuditAction.VIEW, actor=make_user())


@pytest.mark.django_db
def test_the_database_refuses_an_orm_update_of_an_audit_row(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


@pytest.mark.django_db
def test_the_database_refuses_an_orm_delete_of_audit_rows(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_the_database_refuses_raw_sql_delete(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_postgresql_refuses_truncate(event):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_only_a_whole_database_flush_empties_the_log(event):
    # manage.py flush (test teardown) still works; it is rolled back with the test.
    if connection.vendor == "postgresql":  # the test's own transaction holds deferred foreign-key checks
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    sql = connection.ops.sql_flush(no_style(), [AuditEvent._meta.db_table])
    connection.ops.execute_sql_flush(sql)
    assert not AuditEvent.objects.exists()
    with pytest.raises(DatabaseError), transaction.atomic():  # and the guard is back on afterwards
        audit_log(action=AuditAction.VIEW)
        AuditEvent.objects.all().delete()


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", **meta)


def test_without_a_configured_header_the_connection_address_is_used():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.5"


@override_settings(ROSE_CLIENT_IP_HEADER="X-Forwarded-For", ROSE_TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_address_it_appended_is_used_not_a_forged_one():
    request = _request(HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9")  # client forged the first entry
    assert client_ip(request) == "203.0.113.9"


@override_settings(ROSE_CLIENT_IP_HEADER="X-Forwarded-For", ROSE_TRUSTED_PROXY_COUNT=2)
def test_two_proxies_read_two_from_the_right():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.7")) == "203.0.113.9"


@override_settings(ROSE_CLIENT_IP_HEADER="X-Forwarded-For", ROSE_TRUSTED_PROXY_COUNT=1)
def test_a_malformed_header_falls_back_to_the_connection_address():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="not-an-address")) == "10.0.0.5"
    assert client_ip(_request()) == "10.0.0.5"


@pytest.mark.django_db
@override_settings(ROSE_CLIENT_IP_HEADER="X-Forwarded-For")
def test_the_audit_row_records_the_clients_address(make_user):
    request = _request(HTTP_X_FORWARDED_FOR="203.0.113.9")
    event = audit_log(action=AuditAction.VIEW, actor=make_user(), request=request)
    assert event.ip_address == "203.0.113.9"


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_with_audit_rows_is_still_torn_down(make_user):
    # Teardown runs `flush` (TRUNCATE on PostgreSQL, DELETE on SQLite): the guard lets exactly that through.
    audit_log(action=AuditAction.VIEW, actor=make_user())
    assert AuditEvent.objects.count() == 1
