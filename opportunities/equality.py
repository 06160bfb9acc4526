"""The shortlist's equality panel: the same method as the dashboard (members/disclosure.py).
It shows the opportunity's group(s) from the latest published quarter and, once
applications have closed, the opportunity's applicants, published once through the same
publisher and audited with everything published before. Never counted live."""

from django.utils import timezone
from django.utils.translation import gettext as _

from home.background import task_enqueue
from members.models import EqualityPublication
from members.selectors.equality import (
    closed_periods,
    equality_publications_read,
    published_tables,
)
from members.services.equality import equality_publish
from opportunities.models import Application, OpportunityPage

PANEL_CHARACTERISTICS = ["age_band", "sex", "ethnicity", "disability"]


def publication_key(opportunity: OpportunityPage) -> str:
    return f"opportunity:{opportunity.pk}"


def opportunity_equality_publish(*, opportunity: OpportunityPage) -> EqualityPublication | None:
    """Publish the applicants' figures once applications have closed (None before)."""
    if opportunity.closing_date >= timezone.localdate():
        return None
    applicants = (
        Application.objects.filter(opportunity=opportunity)
        .exclude(status=Application.Status.WITHDRAWN)
        .values_list("member_id", flat=True)
    )
    key = publication_key(opportunity)
    return equality_publish(
        key=key, populations=[(f"{key}:applicants", _("Applicants"), applicants)]
    )


def shortlist_equality_panel(opportunity: OpportunityPage, *, by) -> dict:
    """The panel's tables from published figures, for staff allowed to see equality
    figures. Publishes what is due (in the background where there is a worker). Logged."""
    from members.tasks import equality_publish_closed_period
    from opportunities.tasks import equality_publish_applicants

    period = closed_periods(1)[0]
    closed = opportunity.closing_date < timezone.localdate()

    def publish_missing(key: str) -> None:
        # A broker that is down leaves the panel without them for now, not broken.
        if key == period.key:
            task_enqueue(equality_publish_closed_period, period.key)
        elif closed:
            task_enqueue(equality_publish_applicants, opportunity.pk)

    found = equality_publications_read(  # the look is logged by members
        keys=[period.key, publication_key(opportunity)],
        by=by,
        what=f"Shortlist panel: {opportunity.title}",
        publish_missing=publish_missing,
    )
    columns = []
    if quarter := found.get(period.key):
        groups = list(opportunity.groups.order_by("title").values_list("pk", "title"))
        if groups:
            columns += [(quarter, f"group:{pk}", title) for pk, title in groups]
        else:
            columns.append((quarter, "members", _("All active members")))
    if applicants := found.get(publication_key(opportunity)):
        key = publication_key(opportunity)
        columns.append((applicants, f"{key}:applicants", _("Applicants")))
    return {
        "tables": published_tables(columns, PANEL_CHARACTERISTICS) if columns else [],
        "period": period,
        "closed": closed,
        "applicants_published": publication_key(opportunity) in found,
        "closing_date": opportunity.closing_date,
    }
