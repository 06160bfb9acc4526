"""Seed the shared vocabularies. Staff may edit or add to them afterwards."""

from django.db import migrations

# The 21 health categories of the UKCRC Health Research Classification System,
# then two top-level topics of our own.
TOPICS = [
    "Blood",
    "Cancer and neoplasms",
    "Cardiovascular",
    "Congenital",
    "Ear",
    "Eye",
    "Infection",
    "Inflammatory and immune system",
    "Injuries and accidents",
    "Mental health",
    "Metabolic and endocrine",
    "Musculoskeletal",
    "Neurological",
    "Oral and gastrointestinal",
    "Renal and urogenital",
    "Reproductive health and childbirth",
    "Respiratory",
    "Skin",
    "Stroke",
    "Generic health relevance",
    "Disputed aetiology and other",
    "Carer",
    "Social care",
]
SKILLS = [
    ("Reading and commenting on documents", "For example plain-English summaries or leaflets"),
    ("Chairing or facilitating meetings", ""),
    ("Interviewing", "Asking people questions for a study"),
    ("Data analysis", "Looking at numbers or interview notes"),
    ("Design", "Posters, websites, forms"),
    ("Social media", ""),
    ("Translation or interpreting", "Including British Sign Language"),
    ("Public speaking", ""),
    ("Writing", "Blogs, articles, newsletters"),
    ("Reviewing funding applications", ""),
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
    "Outside the UK",
]


def seed(apps, schema_editor):
    Topic = apps.get_model("members", "Topic")
    Skill = apps.get_model("members", "Skill")
    Region = apps.get_model("members", "Region")
    for order, name in enumerate(TOPICS):
        Topic.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, (name, description) in enumerate(SKILLS):
        Skill.objects.get_or_create(
            name=name, defaults={"sort_order": order, "description": description}
        )
    for order, name in enumerate(REGIONS):
        Region.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("members", "0003_taxonomy_groups_memberships")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
