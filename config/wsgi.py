import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.db.backends.signals import connection_created

from config.timeouts import limit_web_statements

# A server started without saying otherwise runs the safe, production settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

# This process answers web requests: PostgreSQL cancels its statements after
# DATABASE_STATEMENT_TIMEOUT, on every connection it opens from now on, whichever thread
# opens it and whenever the settings were loaded (a gunicorn.conf.py may have called
# django.setup() first). Workers, beat and management commands such as migrate never
# load this module, so they have no such limit.
connection_created.connect(limit_web_statements, dispatch_uid="roundtable-web-statements")

application = get_wsgi_application()

# Connections this thread opened before this module was imported.
for opened in connections.all(initialized_only=True):
    if opened.connection is not None:
        limit_web_statements(sender=type(opened), connection=opened)
