"""Involvement staff run co-production projects (open them from accepted requests, keep
the team, moderate the conversation, see every project): the permissions, given to the
staff role. tests/conftest.py's baseline runs this again after a transactional test
empties the tables."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_PERMISSIONS = [
    ("project", "view_project"),
    ("project", "manage_project"),
]


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
    for model, codename in STAFF_PERMISSIONS:
        staff.permissions.add(
            Permission.objects.get(
                content_type__app_label="projects",
                content_type__model=model,
                codename=codename,
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("members", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
