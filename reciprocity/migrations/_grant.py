"""Shared by this app's permission migrations (a private module: not a migration)."""

from django.contrib.auth.management import create_permissions


def grant_to_staff(apps, permissions: list[tuple[str, str]]) -> None:
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
    for model, codename in permissions:
        staff.permissions.add(
            Permission.objects.get(
                content_type__app_label="reciprocity", content_type__model=model, codename=codename
            )
        )
