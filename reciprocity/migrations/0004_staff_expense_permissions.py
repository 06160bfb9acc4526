"""Involvement staff check expense claims (and open their receipts)."""

from django.db import migrations

from reciprocity.migrations._grant import grant_to_staff

PERMISSIONS = [("expenseclaim", "view_expenseclaim"), ("expenseclaim", "decide_expenseclaim")]


def grant(apps, schema_editor):
    grant_to_staff(apps, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("reciprocity", "0003_expenses")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
