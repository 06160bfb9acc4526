"""Staff decide membership requests; the permission, and the staff role holding it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name="Involvement staff").first()
    if staff is not None:
        staff.permissions.add(
            Permission.objects.get(content_type__app_label="members", codename="decide_membership")
        )


class Migration(migrations.Migration):
    dependencies = [("members", "0005_staff_taxonomy_permissions")]

    operations = [
        migrations.AlterModelOptions(
            name="groupmembership",
            options={
                "permissions": [("decide_membership", "Can approve or decline membership requests")]
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
