"""Involvement and impact become about an activity, step 2 of 4 (data): one activity for
each opportunity that has involvement or impact, with its title, payment and skills;
its involvement and impact point at it. Involvement recorded without an opportunity
(imported or bulk-made rows) gets an activity per title, paid as before; a member
appearing twice under one title gets a second, so each keeps one row per activity.
Other opportunities get their activity when next published or recorded."""

from django.db import migrations

OPPORTUNITY = "opportunity"
BATCH = 1000


def forwards(apps, schema_editor):
    Activity = apps.get_model("involvement", "Activity")
    OpportunityPage = apps.get_model("opportunities", "OpportunityPage")
    Involvement = apps.get_model("opportunities", "Involvement")
    ImpactEntry = apps.get_model("opportunities", "ImpactEntry")
    page_skills = OpportunityPage._meta.get_field("skills").remote_field.through

    page_ids = set(
        Involvement.objects.exclude(opportunity=None).values_list("opportunity_id", flat=True)
    ) | set(ImpactEntry.objects.exclude(opportunity=None).values_list("opportunity_id", flat=True))
    for page in OpportunityPage.objects.filter(pk__in=page_ids, activity=None).order_by("pk"):
        activity = Activity.objects.create(kind=OPPORTUNITY, title=page.title, is_paid=page.is_paid)
        activity.skills.set(
            page_skills.objects.filter(opportunitypage_id=page.pk).values_list(
                "skill_id", flat=True
            )
        )
        OpportunityPage.objects.filter(pk=page.pk).update(activity=activity)
        Involvement.objects.filter(opportunity_id=page.pk).update(activity=activity)
        ImpactEntry.objects.filter(opportunity_id=page.pk).update(activity=activity)

    slots: dict[str, list] = {}  # title → [(activity, ids of members in it)]
    rows = []
    for row in Involvement.objects.filter(opportunity=None, activity=None).order_by("pk"):
        title = row.title or "Activity"
        slot = next((s for s in slots.get(title, []) if row.member_id not in s[1]), None)
        if slot is None:
            slot = (Activity.objects.create(kind=OPPORTUNITY, title=title, is_paid=True), set())
            slots.setdefault(title, []).append(slot)
        slot[1].add(row.member_id)
        row.activity = slot[0]
        rows.append(row)
    Involvement.objects.bulk_update(rows, ["activity"], batch_size=BATCH)


def backwards(apps, schema_editor):
    Activity = apps.get_model("involvement", "Activity")
    OpportunityPage = apps.get_model("opportunities", "OpportunityPage")
    Involvement = apps.get_model("opportunities", "Involvement")
    ImpactEntry = apps.get_model("opportunities", "ImpactEntry")

    for page_id, activity_id in OpportunityPage.objects.exclude(activity=None).values_list(
        "pk", "activity_id"
    ):
        Involvement.objects.filter(activity_id=activity_id).update(opportunity_id=page_id)
        ImpactEntry.objects.filter(activity_id=activity_id).update(opportunity_id=page_id)
    for activity_id, title in Activity.objects.values_list("pk", "title"):
        Involvement.objects.filter(activity_id=activity_id).update(title=title[:200])
    # Impact on an activity whose opportunity has gone: the old schema deleted it with
    # the opportunity.
    ImpactEntry.objects.filter(opportunity=None).delete()
    Involvement.objects.update(activity=None)
    ImpactEntry.objects.update(activity=None)
    OpportunityPage.objects.update(activity=None)
    Activity.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0007_activities_prepare")]

    operations = [migrations.RunPython(forwards, backwards)]
