"""Involvement and impact become about an activity, step 3 of 4: the opportunity and
title columns go, every row has its activity, and the rule becomes one involvement per
member and activity. (A separate migration from 0008's data: PostgreSQL will not alter
a table with row changes still to check in the same transaction.)"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0008_activities_from_opportunities")]
    # The involvement app takes the models over as they are now (state only, there).
    run_before = [("involvement", "0002_involvement_and_impact")]

    operations = [
        migrations.RemoveConstraint(
            model_name="involvement", name="one_involvement_per_opportunity"
        ),
        migrations.RemoveField(model_name="involvement", name="opportunity"),
        migrations.RemoveField(model_name="involvement", name="title"),
        migrations.RemoveField(model_name="impactentry", name="opportunity"),
        migrations.AlterField(
            model_name="involvement",
            name="activity",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="involvement.activity",
            ),
        ),
        migrations.AlterField(
            model_name="impactentry",
            name="activity",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="involvement.activity",
            ),
        ),
        migrations.AddConstraint(
            model_name="involvement",
            constraint=models.UniqueConstraint(
                fields=("member", "activity"), name="one_involvement_per_activity"
            ),
        ),
    ]
