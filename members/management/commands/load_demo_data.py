import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo_content import demo_pages_create
from members import roles
from members.demo_content import demo_groups_create, demo_members_create
from members.factories import DEFAULT_PASSWORD, UserFactory
from members.models import User

DEMO_PASSWORD = DEFAULT_PASSWORD

DEMO_ACCOUNTS = [
    # email, name, roles, superuser, note
    ("member@example.org", "Siobhán O'Connor", [roles.MEMBER], False, "a public member"),
    ("researcher@example.org", "Dr Amara Okafor", [roles.RESEARCHER], False, "a researcher"),
    (
        "officer@example.org",
        "Tomasz Wiśniewski",
        [roles.INVOLVEMENT_STAFF],
        False,
        "an involvement officer (sets up two-factor authentication on first visit to /admin/)",
    ),
    (
        "admin@example.org",
        "陈美玲 (Meiling Chen)",
        [],
        True,
        "an organisation admin (also asked for two-factor authentication)",
    ),
]


class Command(BaseCommand):
    help = "Load demo pages and demo sign-ins for development. Safe to run again."

    def handle(self, *args, **options):
        if not settings.ROUNDTABLE_DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is for development only: these settings do not allow it "
                "(ROUNDTABLE_DEMO_DATA_ALLOWED is off, as in production)."
            )
        with transaction.atomic():
            demo_pages_create()
            for email, name, role_names, superuser, _note in DEMO_ACCOUNTS:
                if User.objects.filter(email__iexact=email).exists():
                    continue
                UserFactory(
                    email=email,
                    name=name,
                    password=DEMO_PASSWORD,
                    roles=role_names,
                    is_superuser=superuser,
                    researcher_request=(
                        User.ResearcherRequest.APPROVED
                        if roles.RESEARCHER in role_names
                        else User.ResearcherRequest.NONE
                    ),
                    researcher_organisation=(
                        "University of Example" if roles.RESEARCHER in role_names else ""
                    ),
                )
            demo_groups_create(member=User.objects.get(email="member@example.org"))
            demo_members_create()
            # The apps above members add theirs (members never imports them by name).
            for app_config in apps.get_app_configs():
                if app_config.name in ("home", "members"):
                    continue
                try:
                    demo = importlib.import_module(f"{app_config.name}.demo_content")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo_content":
                        raise
                    continue
                demo.demo_extend()

        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:"))
        for email, _name, _roles, _superuser, note in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<26} {note}")
        self.stdout.write(f"  password for all of them: {DEMO_PASSWORD}")
