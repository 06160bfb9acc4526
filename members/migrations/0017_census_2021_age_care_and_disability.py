"""Disability is now one characteristic worked out from both health questions (as the
Census's TS038), and the Census 2021 benchmark gains age and unpaid care.

Each figure's source says exactly where it comes from and how it was worked out. The
disability benchmark is not shipped: the Census's counts for its four categories in
England and Wales (TS038, not age-standardised) were not to hand when this was written,
so staff enter them (Equality benchmarks) until a later migration adds them.
"""

from importlib import import_module

from django.db import migrations, models

AREA = "England and Wales (Census 2021)"
OLD_SOURCE = import_module("members.migrations.0016_census_2021_benchmark").SOURCE
SOURCES = {
    "sex": "ONS, Census 2021, TS008: sex, all usual residents.",
    "ethnicity": "ONS, Census 2021, TS021: ethnic group, all usual residents.",
    "religion": "ONS, Census 2021, TS030: religion, all usual residents.",
    "sexual_orientation": "ONS, Census 2021, TS077: sexual orientation, usual residents aged 16+.",
    "gender_same_as_sex": "ONS, Census 2021, TS078: gender identity, usual residents aged 16+.",
    "age_band": (
        "ONS, Census 2021 first results (five-year age bands, rounded to 100), all usual "
        "residents. Under 18 and 18 to 24 are estimates: the 15 to 19 band is split 3 to 2."
    ),
    "carer": (
        "ONS, Census 2021, TS039: unpaid care, usual residents aged 5+ (England's counts "
        "with Wales's published 310,000 carers): 8.85% give unpaid care."
    ),
}
# Percentages of each source's population, to one decimal place.
FIGURES = {
    # 25 to 34 ... 75+: the published bands (e.g. 25-29 + 30-34) over the total.
    "age_band": {
        "under_18": "20.8",
        "18_24": "8.3",
        "25_34": "13.5",
        "35_44": "13.0",
        "45_54": "13.3",
        "55_64": "12.6",
        "65_74": "9.9",
        "75_plus": "8.6",
    },
    "carer": {"yes": "8.9", "no": "91.1"},
}


def disability_from_both_questions(apps, schema_editor):
    Benchmark = apps.get_model("members", "EqualityBenchmark")
    Benchmark.objects.filter(characteristic="day_to_day", category="not_at_all").update(
        characteristic="disability", category="not_limited"
    )
    Benchmark.objects.filter(characteristic="day_to_day").update(characteristic="disability")


def seed(apps, schema_editor):
    Benchmark = apps.get_model("members", "EqualityBenchmark")
    for characteristic, source in SOURCES.items():
        # One source per characteristic, unless staff have changed it.
        Benchmark.objects.filter(
            area=AREA, characteristic=characteristic, source=OLD_SOURCE
        ).update(source=source)
    for characteristic, figures in FIGURES.items():
        for category, percent in figures.items():
            Benchmark.objects.get_or_create(
                area=AREA,
                characteristic=characteristic,
                category=category,
                defaults={"percent": percent, "source": SOURCES[characteristic]},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0016_census_2021_benchmark"),
    ]

    operations = [
        migrations.AlterField(
            model_name="equalitybenchmark",
            name="characteristic",
            field=models.CharField(
                choices=[
                    ("age_band", "Age"),
                    ("sex", "Sex"),
                    ("gender_same_as_sex", "Gender identity the same as sex at birth"),
                    ("sexual_orientation", "Sexual orientation"),
                    ("ethnicity", "Ethnic group"),
                    ("religion", "Religion"),
                    ("disability", "Disability"),
                    ("carer", "Unpaid carer"),
                ],
                max_length=24,
            ),
        ),
        migrations.RunPython(disability_from_both_questions, migrations.RunPython.noop),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
