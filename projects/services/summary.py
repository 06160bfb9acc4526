"""The yearly summary's diversity figures (admin area "summary"): the people involved
in a financial year, published once the year has ended through the members app's one
door for equality data (members.services.equality.equality_publish), so they are
suppressed ("fewer than N"), audited with every table published before and frozen,
like the dashboard's quarters and the shortlist's applicants."""

from django.utils.translation import gettext as _

from members.models import EqualityPublication
from members.services.equality import equality_publish
from projects.selectors.summary import SummaryYear, involved_ids


def publication_key(year: SummaryYear) -> str:
    return f"summary:{year.key}"


def population_key(year: SummaryYear) -> str:
    return f"{publication_key(year)}:involved"


def summary_diversity_publish(*, year: SummaryYear) -> EqualityPublication | None:
    """Publish the year's people involved, once, after the year has ended (None
    before: a year still running would be recounted, and tables that overlap can be
    subtracted)."""
    if not year.has_ended:
        return None
    return equality_publish(
        key=publication_key(year),
        populations=[(population_key(year), _("People involved in the year"), involved_ids(year))],
    )
