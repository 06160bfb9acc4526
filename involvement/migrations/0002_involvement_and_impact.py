"""Involvement and impact entries are this app's now. The opportunities app made them
and turned them to activities (its migrations 0007 to 0009, which run before this);
here they are only taken over, on the tables they already have, rows and all."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("involvement", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Involvement",
                    fields=[
                        (
                            "id",
                            models.AutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("attended", models.BooleanField(default=True, verbose_name="took part")),
                        ("started_on", models.DateField(verbose_name="date")),
                        (
                            "ended_on",
                            models.DateField(blank=True, null=True, verbose_name="last date"),
                        ),
                        (
                            "hours",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                max_digits=5,
                                validators=[
                                    django.core.validators.MinValueValidator(0),
                                    django.core.validators.MaxValueValidator(999),
                                ],
                                verbose_name="hours",
                            ),
                        ),
                        ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "activity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="involvements",
                                to="involvement.activity",
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="involvements",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "opportunities_involvement",
                        "ordering": ["-started_on", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["member", "started_on"],
                                name="opportuniti_member__6e1f27_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("member", "activity"),
                                name="one_involvement_per_activity",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ImpactEntry",
                    fields=[
                        (
                            "id",
                            models.AutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "what_changed",
                            models.TextField(
                                max_length=3000,
                                verbose_name="what changed because of the members' input",
                            ),
                        ),
                        ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "activity",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="impact_entries",
                                to="involvement.activity",
                            ),
                        ),
                        (
                            "added_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "opportunities_impactentry",
                        "ordering": ["-added_at"],
                        "verbose_name_plural": "impact entries",
                    },
                ),
            ],
        ),
    ]
