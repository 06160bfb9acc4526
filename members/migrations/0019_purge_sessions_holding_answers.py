"""Once: delete every stored session (everyone signs in again, once).

Until now equality answers and application drafts were kept in the session, so some
session rows hold special-category data; from now on they are kept server-side
(JourneyDraft) and never in the session. Why delete all rather than decode each and
remove only those? Because every session from before this release is also unknown to
allauth.usersessions (it records sign-ins from now on), so erasure and a password change
could not end it: a row left behind would keep the person's id and address after they
are erased. Deleting them all is the only way to make both promises true for sessions
that already exist. The cost is one sign-in per person.
"""

from django.db import migrations


def purge_sessions(apps, schema_editor):
    apps.get_model("sessions", "Session").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0018_journey_drafts"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(purge_sessions, migrations.RunPython.noop)]
