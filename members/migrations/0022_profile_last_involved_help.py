"""The involvement app keeps a member's last involvement date now."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0021_equality_publication_figures"),
    ]

    operations = [
        migrations.AlterField(
            model_name="memberprofile",
            name="last_involved_on",
            field=models.DateField(
                blank=True,
                db_index=True,
                help_text="Kept up to date by the involvement records (involvement app).",
                null=True,
                verbose_name="last involved",
            ),
        ),
    ]
