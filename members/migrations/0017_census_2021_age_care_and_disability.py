"""Disability is now one characteristic worked out from both health questions (as the
Census's TS038), and the Census 2021 benchmark gains age and unpaid care.

Each figure's source says exactly where it comes from and how it was worked out. Age is
of adults (the groups are for people aged 18 or over). The disability benchmark is not
shipped: the Census's counts for its four categories in England and Wales (TS038, not
age-standardised) could not be reached when this was written, so staff enter them
(dashboard → Disability → Change these benchmark figures) until a later migration adds
them.
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
        "ONS, Census 2021 first results (five-year age bands, rounded to 100), usual "
        "residents aged 18+. 18 to 24 is an estimate: the 15 to 19 band is split 3 to 2."
    ),
    "carer": (
        "ONS, Census 2021, TS039: unpaid care, usual residents aged 5+ (England's counts "
        "with Wales's published 310,000 carers): 8.8% give unpaid care."
    ),
}
# Percentages of each source's population, to one decimal place (so a set may add up to
# 100.1 or 99.9).
FIGURES = {
    # Of adults: reference groups are for people aged 18 or over, so "Under 18" has no
    # figure (and is never marked under-represented). 25 to 34 ... 75+ are the published
    # bands (e.g. 25-29 + 30-34) over the estimated 47,208,080 adults.
    "age_band": {
        "18_24": "10.5",
        "25_34": "17.1",
        "35_44": "16.4",
        "45_54": "16.8",
        "55_64": "15.9",
        "65_74": "12.5",
        "75_plus": "10.9",
    },
    # (4,678,265 + 310,000) / (53,413,098 + 2,952,400) = 8.85% (8.8499...).
    "carer": {"yes": "8.8", "no": "91.2"},
}


def disability_from_both_questions(apps, schema_editor):
    """Figures staff entered for the second question alone. "A lot", "a little" and
    "prefer not to say" mean the same as before. "Not at all" is dropped: it may have
    been the share with a condition that does not limit them, or everyone not disabled,
    so staff enter it again as one of the two "Not disabled" answers."""
    Benchmark = apps.get_model("members", "EqualityBenchmark")
    Benchmark.objects.filter(characteristic="day_to_day", category="not_at_all").delete()
    Benchmark.objects.filter(characteristic="day_to_day").update(characteristic="disability")


def back_to_the_second_question(apps, schema_editor):
    Benchmark = apps.get_model("members", "EqualityBenchmark")
    Benchmark.objects.filter(
        characteristic="disability", category__in=["not_limited", "no_condition"]
    ).delete()
    Benchmark.objects.filter(characteristic="disability").update(characteristic="day_to_day")


def clear_how_much_without_a_condition(apps, schema_editor):
    """Only asked of people with a condition: an answer kept beside "No" is dropped, so
    what members see on their check page is what is held."""
    Response = apps.get_model("members", "EqualityResponse")
    Response.objects.filter(long_term_condition="no").exclude(day_to_day="").update(day_to_day="")


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
        migrations.RunPython(disability_from_both_questions, back_to_the_second_question),
        migrations.RunPython(clear_how_much_without_a_condition, migrations.RunPython.noop),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
