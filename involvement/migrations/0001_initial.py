"""Activities: what members take part in, whatever its kind."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0003_taxonomy_groups_memberships"),
    ]

    operations = [
        migrations.CreateModel(
            name="Activity",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("opportunity", "Opportunity"),
                            ("group_meeting", "Group meeting"),
                            ("training_session", "Training session"),
                            ("comment_round", "Comment round"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="date")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="last date")),
                (
                    "is_paid",
                    models.BooleanField(
                        default=True,
                        help_text="Whether members are paid for their time.",
                        verbose_name="paid",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "skills",
                    models.ManyToManyField(blank=True, related_name="+", to="members.skill"),
                ),
            ],
            options={
                "verbose_name": "activity",
                "verbose_name_plural": "activities",
                "ordering": ["title", "pk"],
            },
        ),
    ]
