"""England and Wales, Census 2021: the default equality benchmark.

Only the characteristics whose published categories match our questions one to one are
seeded; age bands, disability and unpaid care are left for staff to enter (and check)
from the ONS tables named in the source. Percentages of usual residents (sexual
orientation and gender identity: aged 16 and over), as published by the ONS.
"""

from django.db import migrations

AREA = "England and Wales (Census 2021)"
SOURCE = (
    "Office for National Statistics, Census 2021: TS008 (sex), TS021 (ethnic group), "
    "TS030 (religion), TS077 (sexual orientation, 16+), TS078 (gender identity, 16+). "
    "'Prefer not to say' is compared with 'not answered'."
)
FIGURES = {
    "sex": {"female": "51.0", "male": "49.0"},
    "ethnicity": {
        "white_british": "74.4",
        "irish": "0.9",
        "gypsy_traveller": "0.1",
        "roma": "0.2",
        "other_white": "6.2",
        "indian": "3.1",
        "pakistani": "2.7",
        "bangladeshi": "1.1",
        "chinese": "0.7",
        "other_asian": "1.6",
        "african": "2.5",
        "caribbean": "1.0",
        "other_black": "0.5",
        "white_asian": "0.8",
        "white_black_african": "0.4",
        "white_black_caribbean": "0.8",
        "other_mixed": "0.8",
        "arab": "0.6",
        "other_ethnic": "1.6",
    },
    "religion": {
        "none": "37.2",
        "christian": "46.2",
        "buddhist": "0.5",
        "hindu": "1.7",
        "jewish": "0.5",
        "muslim": "6.5",
        "sikh": "0.9",
        "other": "0.6",
        "prefer_not": "6.0",
    },
    "sexual_orientation": {
        "straight": "89.4",
        "gay_lesbian": "1.5",
        "bisexual": "1.3",
        "other": "0.3",
        "prefer_not": "7.5",
    },
    "gender_same_as_sex": {"yes": "93.5", "no": "0.5", "prefer_not": "6.0"},
}


def seed(apps, schema_editor):
    Benchmark = apps.get_model("members", "EqualityBenchmark")
    for characteristic, figures in FIGURES.items():
        for category, percent in figures.items():
            Benchmark.objects.get_or_create(
                area=AREA,
                characteristic=characteristic,
                category=category,
                defaults={"percent": percent, "source": SOURCE},
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0015_equality_benchmark")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
