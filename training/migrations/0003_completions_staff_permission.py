"""Involvement staff confirm people's own declarations that they finished a self-paced
course, and revoke completions (and so their certificates)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [("completion", "confirm_completion"), ("completion", "view_completion")]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name="Involvement staff").first()
    if staff is None:
        return
    for model, codename in PERMISSIONS:
        staff.permissions.add(
            Permission.objects.get(
                content_type__app_label="training", content_type__model=model, codename=codename
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_staff_booking_permissions"),
        ("members", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
