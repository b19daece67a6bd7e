"""Session 6 of the default course linked to a hub page that does not exist
(/learn/patients/sleep-and-flare-up-planning/); the hub's page is /learn/patients/sleep-and-flare-ups/."""

from django.db import migrations

BROKEN = "/learn/patients/sleep-and-flare-up-planning/"
FIXED = "/learn/patients/sleep-and-flare-ups/"


def fix_link(apps, schema_editor):
    for model in ("CourseSession", "GroupSession"):
        apps.get_model("groups", model).objects.filter(learning_url=BROKEN).update(learning_url=FIXED)


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_enrolment_expired_offers")]
    operations = [migrations.RunPython(fix_link, migrations.RunPython.noop)]
