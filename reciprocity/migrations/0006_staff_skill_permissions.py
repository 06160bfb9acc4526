"""Involvement staff record skills members gained."""

from django.db import migrations

from reciprocity.migrations._grant import grant_to_staff

PERMISSIONS = [("skillgained", "view_skillgained"), ("skillgained", "add_skillgained")]


def grant(apps, schema_editor):
    grant_to_staff(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("reciprocity", "0005_skills_gained")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
