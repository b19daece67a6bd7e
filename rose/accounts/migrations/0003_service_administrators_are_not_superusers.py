"""Issue 12: service administrators were Django superusers, so they passed every permission check
in every programme. Anyone who belongs to a programme (a member of a service) stops being one;
superusers are installation operators only, with no programme."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_superuser=True, programme__isnull=False).update(is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_programme_sms_drug_names")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
