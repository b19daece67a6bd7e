import pytest

from rose.audit.models import AppendOnlyError, AuditAction, AuditEvent
from rose.audit.services import audit_log


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_or_deleted(make_user):
    event = audit_log(action=AuditAction.VIEW, actor=make_user())
    event.action = AuditAction.DELETE
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


@pytest.mark.django_db
def test_an_audit_row_records_who_what_and_the_users_programme(make_user, patient):
    user = make_user()
    event = audit_log(action=AuditAction.VIEW, actor=user, obj=patient, patient=patient)
    assert event.actor == user and event.actor_label == user.email
    assert event.object_type == "patients.Patient" and event.patient_id == patient.pk
    assert event.programme_id == patient.programme_id


@pytest.mark.django_db
def test_on_postgresql_the_database_refuses_to_change_audit_rows(make_user):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    event = audit_log(action=AuditAction.VIEW, actor=make_user())
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
