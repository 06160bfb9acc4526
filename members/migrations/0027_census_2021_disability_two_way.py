"""The Census 2021 disability benchmark, as the two groups it is published in for all
usual residents of England and Wales: disabled under the Equality Act 17.5%, not
disabled 82.5% (TS038, not age-standardised; members/data/census2021-england-wales.csv
holds the figures with their source). It is compared with our four disability answers
folded into the same two groups; the four-way figures stay for staff to enter.
"""

from django.db import migrations, models

AREA = "England and Wales (Census 2021)"
SOURCE = (
    "ONS, Census 2021, TS038: disability under the Equality Act, all usual residents, "
    "not age-standardised (small-area counts summed); "
    "https://www.nomisweb.co.uk/output/census/2021/census2021-ts038.zip"
)
FIGURES = {"disabled": "17.5", "not_disabled": "82.5"}


def seed(apps, schema_editor):
    Benchmark = apps.get_model("members", "EqualityBenchmark")
    for category, percent in FIGURES.items():
        Benchmark.objects.get_or_create(
            area=AREA,
            characteristic="disability_equality_act",
            category=category,
            defaults={"percent": percent, "source": SOURCE},
        )


def unseed(apps, schema_editor):
    Benchmark = apps.get_model("members", "EqualityBenchmark")
    Benchmark.objects.filter(characteristic="disability_equality_act").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0026_membership_request_cancelled"),
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
                    (
                        "disability_equality_act",
                        "Disability under the Equality Act (two groups)",
                    ),
                ],
                max_length=24,
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
