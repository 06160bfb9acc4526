"""Involvement staff run courses: they add, change and cancel sessions, take registers
(attendance), see bookings and completions and confirm or revoke completions. Course
pages themselves are Wagtail pages, which the staff role may already edit and publish
(members 0002_roles). The permissions, given to the staff role; tests/conftest.py's
baseline runs this again after a transactional test empties the tables."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_PERMISSIONS = [
    ("coursesession", "view_coursesession"),
    ("coursesession", "add_coursesession"),
    ("coursesession", "change_coursesession"),
    ("coursesession", "run_register"),
    ("booking", "view_booking"),
    ("booking", "add_booking"),
    ("booking", "change_booking"),
    ("completion", "view_completion"),
    ("completion", "confirm_completion"),
    ("trainingwish", "view_trainingwish"),
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
                content_type__app_label="training", content_type__model=model, codename=codename
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0005_coursesession_cancelled_reason_by"),
        ("members", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
