"""The one-to-one pathway's baseline (issue 15): a new anchor, and the new event added to every
programme that already has a schedule (a programme without one gets it from DEFAULT_EVENTS on first use).

The event is frozen here as it was on the day it was added; later changes to DEFAULT_EVENTS do not
rewrite schedules that programmes may have edited."""

import uuid

from django.db import migrations, models

EVENT = {"code": "baseline_one_to_one", "label": "Baseline (one-to-one)", "anchor": "plan_drafted_start",
         "offset_days": -1, "window_before_days": 27, "window_after_days": 1, "is_baseline": True,
         "instruments": ["peg", "phq9", "gad7", "sci"]}


def add_event(apps, schema_editor):
    OutcomeEvent = apps.get_model("outcomes", "OutcomeEvent")
    programme_ids = set(OutcomeEvent.objects.values_list("programme_id", flat=True))
    for programme_id in programme_ids:
        events = OutcomeEvent.objects.filter(programme_id=programme_id)
        if events.filter(code=EVENT["code"]).exists():
            continue
        group = events.filter(code="baseline").first()
        order = group.order + 1 if group is not None else 0
        for later in events.filter(order__gte=order):  # make room just after the group baseline
            later.order += 1
            later.save(update_fields=["order"])
        OutcomeEvent.objects.create(id=uuid.uuid4(), programme_id=programme_id, order=order, **EVENT)


def remove_event(apps, schema_editor):
    OutcomeEvent = apps.get_model("outcomes", "OutcomeEvent")
    OutcomeEvent.objects.filter(code=EVENT["code"], invitations__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('outcomes', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='outcomeevent',
            name='anchor',
            field=models.CharField(choices=[('first_group_session', 'First group session'), ('course_end', 'End of the group course'), ('plan_start', 'Start of the reduction plan'), ('plan_drafted_start', 'Start date of the reduction plan, from its first draft')], max_length=30),
        ),
        migrations.RunPython(add_event, remove_event),
    ]
