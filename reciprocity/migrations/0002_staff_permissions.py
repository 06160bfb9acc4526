"""Involvement staff generate, approve and export payments (a second person approves:
the service checks that). Rate cards are changed by admins only."""

from django.db import migrations

from reciprocity.migrations._grant import grant_to_staff

STAFF_PERMISSIONS = [
    ("payment", "view_payment"),
    ("payment", "propose_payment"),
    ("payment", "approve_payment"),
    ("payment", "export_payment"),
    ("ratecard", "view_ratecard"),
]


def grant(apps, schema_editor):
    grant_to_staff(apps, STAFF_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("reciprocity", "0001_initial"), ("members", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
