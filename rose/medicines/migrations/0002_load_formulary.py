"""Load the versioned formulary and conversion tables so a fresh `migrate` has them."""

from django.db import migrations


def load(apps, schema_editor):
    from rose.medicines.loading import load_data_files

    load_data_files(apps.get_model("medicines", "Product"), apps.get_model("medicines", "ConversionTable"),
                    apps.get_model("medicines", "ConversionRow"))


class Migration(migrations.Migration):
    dependencies = [("medicines", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
