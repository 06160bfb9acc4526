"""The outbox has one name: the model Notification is OutboxEmail. Its rows are kept
(RenameModel renames the table); the index and the constraint take the new name too."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_notification_forget_when_done"),
    ]

    operations = [
        migrations.RenameModel(old_name="Notification", new_name="OutboxEmail"),
        migrations.RenameIndex(
            model_name="outboxemail",
            new_name="home_outbox_status_created",
            old_name="home_notif_status_created",
        ),
        migrations.RemoveConstraint(model_name="outboxemail", name="home_notification_unique_key"),
        migrations.AddConstraint(
            model_name="outboxemail",
            constraint=models.UniqueConstraint(
                condition=models.Q(("key", ""), _negated=True),
                fields=("key",),
                name="home_outbox_unique_key",
            ),
        ),
    ]
