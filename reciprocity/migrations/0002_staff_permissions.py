"""Involvement staff generate, approve and export payments (a second person approves:
the service checks that). Rate cards are changed by admins only."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_PERMISSIONS = [
    ("payment", "view_payment"),
    ("payment", "propose_payment"),
    ("payment", "approve_payment"),
    ("payment", "export_payment"),
    ("ratecard", "view_ratecard"),
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name="Involvement staff").first()
    if staff is None:
        return
    for model, codename in STAFF_PERMISSIONS:
        staff.permissions.add(
            Permission.objects.get(
                content_type__app_label="reciprocity",
                content_type__model=model,
                codename=codename,
            )
        )


class Migration(migrations.Migration):
    dependencies = [("reciprocity", "0001_initial"), ("members", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
