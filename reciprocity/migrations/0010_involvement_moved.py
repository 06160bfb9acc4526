"""Payments, expense claims and skills gained keep their involvement, which now belongs
to the involvement app (same table, so nothing changes in the database)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reciprocity", "0009_ratecard_expense_claim_max_per_activity"),
        ("involvement", "0002_involvement_and_impact"),
    ]
    # Before the opportunities app lets its Involvement go.
    run_before = [("opportunities", "0010_involvement_moved_out")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="payment",
                    name="involvement",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="payments",
                        to="involvement.involvement",
                    ),
                ),
                migrations.AlterField(
                    model_name="expenseclaim",
                    name="involvement",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="involvement.involvement",
                    ),
                ),
                migrations.AlterField(
                    model_name="skillgained",
                    name="involvement",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="involvement.involvement",
                    ),
                ),
            ],
        ),
    ]
