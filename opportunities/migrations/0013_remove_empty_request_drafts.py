from django.db import migrations

# "Request public input" used to save an empty request at once: pressed and left, it
# stayed in the researcher's list as "Untitled request — not sent yet". Now nothing is
# saved until the first page is answered; the empty drafts made before go.


def remove_empty_drafts(apps, schema_editor):
    ResearchRequest = apps.get_model("opportunities", "ResearchRequest")
    ResearchRequest.objects.filter(status="draft", project_title="", summary="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0012_decisions_by_and_access_needs_consent"),
    ]

    operations = [
        migrations.RunPython(remove_empty_drafts, migrations.RunPython.noop),
    ]
