"""Create the database cache table when production uses it (no CACHE_URL given).

Rate limits on sign-in must be shared by every server process; without Redis the
database is the shared store. createcachetable does nothing for other backends
and nothing when the table exists, so this is safe everywhere.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("home", "0002_create_homepage")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
