"""Involvement staff keep the vocabularies (topics, skills, regions) up to date."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    f"{action}_{model}"
    for model in ("topic", "skill", "region")
    for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name="Involvement staff").first()
    if staff is not None:
        staff.permissions.add(
            *Permission.objects.filter(content_type__app_label="members", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0004_seed_taxonomy")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
