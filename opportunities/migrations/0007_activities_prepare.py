"""Involvement and impact become about an activity (involvement.Activity), step 1 of 4:
each opportunity page may point down at its activity, and involvement and impact get a
column for theirs (filled by 0008). The old title column is renamed out of the way of
the new `activity`, and the columns 0009 drops are made optional, so that going back
works on a database with rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0006_seeks_voices_disability"),
        ("involvement", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="opportunitypage",
            name="activity",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="involvement.activity",
            ),
        ),
        migrations.RenameField(model_name="involvement", old_name="activity", new_name="title"),
        migrations.AlterField(
            model_name="involvement",
            name="title",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="activity"),
        ),
        migrations.AlterField(
            model_name="impactentry",
            name="opportunity",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="impact_entries",
                to="opportunities.opportunitypage",
            ),
        ),
        # related_name="+" while these models are still this app's: the involvement app's
        # own Involvement and ImpactEntry (0002 there) take the names.
        migrations.AddField(
            model_name="involvement",
            name="activity",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="involvement.activity",
            ),
        ),
        migrations.AddField(
            model_name="impactentry",
            name="activity",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="involvement.activity",
            ),
        ),
    ]
