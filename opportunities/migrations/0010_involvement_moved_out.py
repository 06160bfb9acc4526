"""Involvement and impact become about an activity, step 4 of 4: the involvement app has
taken Involvement and ImpactEntry over (its 0002; reciprocity's foreign keys follow in
its 0010), so this app lets them go, tables and rows staying where they are. Their
content types move too, so the permissions staff hold (and the roles holding them)
and the log entries about them follow: `opportunities.add_involvement` becomes
`involvement.add_involvement`."""

from django.db import migrations

MOVED = ["involvement", "impactentry"]


def _content_types_move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        # Both exist: another migration made the new app's permissions while this one
        # waited. Keep the new content type; what held the old one's permissions holds
        # the new one's, and what pointed at the old one points at the new.
        for permission in Permission.objects.filter(content_type=old):
            twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            twin.group_set.add(*permission.group_set.all())
            twin.user_set.add(*permission.user_set.all())
            permission.delete()
        for related in apps.get_models():
            for field in related._meta.concrete_fields:
                if field.is_relation and field.related_model is ContentType:
                    related._base_manager.filter(**{field.name: old}).update(**{field.name: new})
        old.delete()


def forwards(apps, schema_editor):
    _content_types_move(apps, "opportunities", "involvement")


def backwards(apps, schema_editor):
    _content_types_move(apps, "involvement", "opportunities")


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0009_involvement_about_activities"),
        ("involvement", "0002_involvement_and_impact"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImpactEntry"),
                migrations.DeleteModel(name="Involvement"),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
