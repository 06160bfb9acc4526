import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from opportunities.management.commands._refusals import refusal_lines
from opportunities.models import Format, OpportunityPage
from opportunities.services.opportunities import OpportunityError, opportunity_add

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date(value: str) -> datetime.date:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    raise CommandError(
        f"--closing-date must be a date like 2027-03-31 or 31/03/2027, not {value!r}"
    )


class Command(BaseCommand):
    help = (
        "Add an opportunity anyone can apply for, published at once (or a draft with "
        "--draft), without the page editor: a first opportunity for a new installation. "
        "The opportunities page must exist (manage.py site_setup)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--title", required=True)
        parser.add_argument(
            "--summary", required=True, help="What it is and why it matters, in plain English."
        )
        parser.add_argument(
            "--what-involves",
            required=True,
            help="What members will do, step by step. Plain text: a blank line starts a paragraph.",
        )
        parser.add_argument(
            "--dates",
            default="",
            help=(
                "Optional: anything else about when, for example: plus reading at home. "
                "Add the sessions' dates and times in the page editor."
            ),
        )
        parser.add_argument(
            "--payment-offer", required=True, help="For example: £25 for each meeting."
        )
        parser.add_argument("--places", type=int, required=True)
        parser.add_argument(
            "--closing-date", type=_date, required=True, help="For example 2027-03-31."
        )
        parser.add_argument("--format", choices=Format.values, default=Format.ONLINE)
        parser.add_argument(
            "--time-commitment",
            choices=OpportunityPage.TimeCommitment.values,
            default=OpportunityPage.TimeCommitment.SHORT,
        )
        parser.add_argument("--place", default="", help="Where, for in-person activities.")
        parser.add_argument(
            "--draft", action="store_true", help="Save it unpublished, for staff to check."
        )

    def handle(self, *args, **options):
        try:
            page = opportunity_add(
                by=None,
                title=options["title"],
                summary=options["summary"],
                what_involves=options["what_involves"],
                dates=options["dates"],
                payment_offer=options["payment_offer"],
                places=options["places"],
                closing_date=options["closing_date"],
                format=options["format"],
                time_commitment=options["time_commitment"],
                place=options["place"],
                publish=not options["draft"],
            )
        except OpportunityError as error:
            raise CommandError(f"{error} Run manage.py site_setup first.") from None
        except ValidationError as error:
            raise CommandError("The opportunity was not added:\n" + refusal_lines(error)) from None
        if page.live:
            done = f"Published: {page.title} at {page.url} (page {page.pk})"
        else:
            done = f"Saved as a draft for staff to check: {page.title} (page {page.pk})"
        self.stdout.write(self.style.SUCCESS(done))
