"""Opportunity pages written outside the page editor: the listing page made once, an
opportunity added by a command, and the nightly closing of those past their date."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from home.page_cache import public_pages_changed
from home.rich_text import rich_text_from_plain
from members.models import User
from opportunities.models import Format, OpportunityIndexPage, OpportunityPage


class OpportunityError(Exception):
    """An opportunity that cannot be added; the message says why."""


@transaction.atomic
def opportunity_index_get_or_create() -> OpportunityIndexPage:
    """The public listing page under the home page, published; made once."""
    home = Site.objects.get(is_default_site=True).root_page
    index = OpportunityIndexPage.objects.child_of(home).first()
    if index is None:
        index = OpportunityIndexPage(
            title=_("Opportunities to take part"),
            slug="opportunities",
            show_in_menus=True,
            intro=_(
                "Help shape health and care research. Every opportunity says what it "
                "involves, how long it takes and what we pay."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


@transaction.atomic
def opportunity_add(
    *,
    by: User | None,
    title: str,
    summary: str,
    what_involves: str,
    payment_offer: str,
    places: int,
    closing_date: datetime.date,
    format: str = Format.ONLINE,
    time_commitment: str = OpportunityPage.TimeCommitment.SHORT,
    place: str = "",
    dates: str = "",
    publish: bool = True,
) -> OpportunityPage:
    """A new opportunity open to anyone, under the opportunities page, published
    unless told otherwise (a draft waits for staff in the page editor).

    For opportunities written outside the page editor (`manage.py opportunity_create`);
    the page's own checks apply. Raises OpportunityError when the site has no
    opportunities page, ValidationError when a field is wrong.
    """
    index = OpportunityIndexPage.objects.first()
    if index is None:
        raise OpportunityError(_("Add an opportunities page to the site first."))
    page = OpportunityPage(
        title=title.strip(),
        summary=summary.strip(),
        what_involves=rich_text_from_plain(what_involves),
        dates=dates.strip(),
        payment_offer=payment_offer.strip(),
        places=places,
        closing_date=closing_date,
        format=format,
        time_commitment=time_commitment,
        place=place.strip(),
        live=publish,
    )
    index.add_child(instance=page)
    revision = page.save_revision(user=by, log_action=True)
    if publish:
        revision.publish(user=by)
    return page


def opportunities_close_past_deadline(*, today: datetime.date | None = None) -> int:
    """Mark every opportunity whose closing date has passed as closed (one UPDATE).

    The listing already hides them by date; this makes the closing explicit for staff
    and for anything that reads `closed_at`. Run daily by Celery beat."""
    today = today or timezone.localdate()
    closed = OpportunityPage.objects.filter(closing_date__lt=today, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    if closed:
        public_pages_changed()
    return closed
