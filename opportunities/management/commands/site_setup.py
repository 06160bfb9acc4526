from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.services import organisation_set_up
from members.services.groups import group_index_get_or_create
from opportunities.management.commands._refusals import refusal_lines
from opportunities.services.opportunities import opportunity_index_get_or_create


class Command(BaseCommand):
    help = (
        "Set up a new installation without demo data: the organisation's name, and the "
        "pages the site needs (our reference groups, opportunities to take part). "
        "Safe to run again; pages that exist are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            required=True,
            help="The organisation's name, shown in the header, page titles and emails.",
        )
        parser.add_argument(
            "--contact-email", default="", help="Where people can write to the team."
        )

    def handle(self, *args, organisation, contact_email, **options):
        try:
            with transaction.atomic():
                settings = organisation_set_up(name=organisation, contact_email=contact_email)
                groups = group_index_get_or_create()
                opportunities = opportunity_index_get_or_create()
        except ValidationError as error:
            raise CommandError(
                "The site was not set up:\n" + refusal_lines(error, field_names_as_words=False)
            ) from None
        self.stdout.write(self.style.SUCCESS(f"{settings.name} is set up:"))
        for page in (groups, opportunities):
            self.stdout.write(f"  {page.title}: {page.url}")
        self.stdout.write(
            "Add groups, pages and opportunities in the admin (/admin/), or a first "
            "opportunity with manage.py opportunity_create."
        )
