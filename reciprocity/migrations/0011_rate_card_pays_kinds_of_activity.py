"""A rate card says how each kind of activity is paid. Every kind is paid for time, as
every payment was before."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reciprocity", "0010_involvement_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="ratecard",
            name="comment_round_paid_as",
            field=models.CharField(
                choices=[
                    ("time", "For time: by the hour, half a day or a full day"),
                    ("meeting", "The rate for a meeting from home"),
                    ("document", "The rate for reviewing a document"),
                ],
                default="time",
                max_length=10,
                verbose_name="comment rounds are paid",
            ),
        ),
        migrations.AddField(
            model_name="ratecard",
            name="group_meeting_paid_as",
            field=models.CharField(
                choices=[
                    ("time", "For time: by the hour, half a day or a full day"),
                    ("meeting", "The rate for a meeting from home"),
                    ("document", "The rate for reviewing a document"),
                ],
                default="time",
                max_length=10,
                verbose_name="group meetings are paid",
            ),
        ),
        migrations.AddField(
            model_name="ratecard",
            name="opportunity_paid_as",
            field=models.CharField(
                choices=[
                    ("time", "For time: by the hour, half a day or a full day"),
                    ("meeting", "The rate for a meeting from home"),
                    ("document", "The rate for reviewing a document"),
                ],
                default="time",
                max_length=10,
                verbose_name="opportunities are paid",
            ),
        ),
        migrations.AddField(
            model_name="ratecard",
            name="training_session_paid_as",
            field=models.CharField(
                choices=[
                    ("time", "For time: by the hour, half a day or a full day"),
                    ("meeting", "The rate for a meeting from home"),
                    ("document", "The rate for reviewing a document"),
                ],
                default="time",
                max_length=10,
                verbose_name="training sessions are paid",
            ),
        ),
    ]
