"""The three roles as Django groups, with what each may do in the Wagtail admin.

Member and Researcher hold no admin permissions: what they may do on the public
site is checked by role in our own views. Involvement staff run the site's
content and accounts. Organisation admins are superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("members", "user", "view_user"),
    ("members", "user", "add_user"),
    ("members", "user", "change_user"),
    ("members", "user", "decide_researcher_request"),
]
STAFF_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
STAFF_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]


def _ensure_permissions(apps):
    # Permissions are normally made after all migrations run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Wagtail's own starter groups would be a way round our roles: staff could add
    # themselves to "Moderators" and gain delete rights. Our three roles replace them.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()

    Group.objects.get_or_create(name="Member")
    Group.objects.get_or_create(name="Researcher")
    staff, _ = Group.objects.get_or_create(name="Involvement staff")

    for app_label, model, codename in STAFF_MODEL_PERMISSIONS:
        staff.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )

    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in STAFF_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=staff,
                page=root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model, codenames in STAFF_COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=staff,
                    collection=root_collection,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label,
                        content_type__model=model,
                        codename=codename,
                    ),
                )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Member", "Researcher", "Involvement staff"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
