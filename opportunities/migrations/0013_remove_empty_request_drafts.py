from django.db import migrations

# "Request public input" used to save an empty request at once: pressed and left, it
# stayed in the researcher's list as "Untitled request — not sent yet". Now nothing is
# saved until the first page is answered; the empty drafts made before go.


def remove_empty_drafts(apps, schema_editor):
    ResearchRequest = apps.get_model("opportunities", "ResearchRequest")
    # Empty in every answer, not just the first page's: the old question pages could be
    # reached by their address in any order, and a draft with anything in it stays.
    ResearchRequest.objects.filter(
        status="draft",
        project_title="",
        summary="",
        research_stage="",
        role_kind="",
        people_needed__isnull=True,
        topics__isnull=True,
        skills__isnull=True,
        experience_wanted="",
        format="",
        place="",
        dates_needed="",
        time_needed="",
        payment_offer="",
        payment_detail="",
        deadline__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0012_decisions_by_and_access_needs_consent"),
    ]

    operations = [
        migrations.RunPython(remove_empty_drafts, migrations.RunPython.noop),
    ]
