import os

from django.core.wsgi import get_wsgi_application

# A server started without saying otherwise runs the safe, production settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
# This process answers web requests: PostgreSQL cancels its statements after
# DATABASE_STATEMENT_TIMEOUT (config/settings/base.py). Workers, beat and management
# commands such as migrate never load this module, so they have no such limit.
os.environ.setdefault("ROUNDTABLE_SERVES_REQUESTS", "true")

application = get_wsgi_application()
