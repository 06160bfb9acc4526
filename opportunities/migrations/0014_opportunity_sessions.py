"""Opportunities get sessions with real date-times (issue 14, item 7). The free-text
"dates and times" stays, as the same column, now optional and shown as "Anything else
about when": what staff wrote there is kept as it was, and revisions keep reading it."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0013_remove_empty_request_drafts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="opportunitypage",
            name="dates",
            field=models.CharField(
                blank=True,
                help_text="Optional. For example: plus about an hour of reading at home.",
                max_length=300,
                verbose_name="anything else about when",
            ),
        ),
        migrations.CreateModel(
            name="OpportunitySession",
            fields=[
                (
                    "id",
                    models.AutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "starts_at",
                    models.DateTimeField(
                        help_text="The date and the time it starts, UK time.", verbose_name="starts"
                    ),
                ),
                (
                    "ends_at",
                    models.DateTimeField(
                        help_text="The date and the time it ends.", verbose_name="ends"
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="opportunities.opportunitypage",
                    ),
                ),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
                "ordering": ["starts_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["page", "starts_at"], name="opportuniti_page_id_22c8dc_idx"
                    )
                ],
            },
        ),
    ]
