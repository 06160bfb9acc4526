"""The access summary of an opportunity: what the people selected need to take part, in
one place (issue 14, item 14) — their profile's access support and preferred formats,
and what they wrote for this role.

Access needs are health data. Staff who choose applicants see everyone selected; the
researcher sees only those who agreed to share their access needs for this role (a
consent of its own, `Application.share_access_needs`, never the one to share a name),
and a name only where that was agreed too. Every look is written to each person's
history (members.services.member_record.access_needs_log_read), without the needs
themselves; nothing here goes into a session, a log line or an email."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from members.selectors.profiles import AccessNeeds, access_needs_of
from members.services.member_record import access_needs_log_read
from opportunities.models import Application, OpportunityPage


@dataclass(frozen=True)
class AccessSummaryRow:
    application: Application
    name: str  # "" where the researcher was not given it
    profile: AccessNeeds | None
    for_this_role: str

    @property
    def is_empty(self) -> bool:
        return not self.for_this_role and (self.profile is None or self.profile.is_empty)


def access_summary(
    opportunity: OpportunityPage, *, by, for_researcher: bool = False
) -> list[AccessSummaryRow]:
    """The selected people's access needs, in name order, the look logged for each
    person shown. `for_researcher`: only those who agreed to share them with the
    researcher (and their names only where they agreed to that as well)."""
    selected = Application.objects.filter(
        opportunity=opportunity, status=Application.Status.SELECTED
    ).select_related("member")
    if for_researcher:
        selected = selected.filter(share_access_needs=True)
    applications = list(selected.order_by("member__name", "pk"))
    if for_researcher:
        # Named rows first, then the unnamed in the order they applied: in name order an
        # unnamed row among the named would give away where the name falls.
        applications.sort(key=lambda a: (not a.share_name, a.member.name if a.share_name else a.pk))
    needs = access_needs_of([a.member_id for a in applications])
    if applications:
        where = _("Access summary: %(title)s") % {"title": opportunity.title}
        if for_researcher:
            where = _("%(where)s (as the researcher)") % {"where": where}
        access_needs_log_read(people=[a.member_id for a in applications], by=by, what=where)
    return [
        AccessSummaryRow(
            application=application,
            name=application.member.name if not for_researcher or application.share_name else "",
            profile=needs.get(application.member_id),
            for_this_role=application.access_needs,
        )
        for application in applications
    ]
