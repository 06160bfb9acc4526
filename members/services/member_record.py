"""The member record's own log: every look by staff at one person's record is written to
Wagtail's log (who, when), and the latest are shown on the record itself."""

from wagtail.log_actions import log

from members.models import User

VIEWED = "roundtable.member_record_viewed"


def member_record_log_read(*, person: User, by: User) -> None:
    log(instance=person, action=VIEWED, user=by)


ACCESS_NEEDS_VIEWED = "roundtable.access_needs_viewed"


def access_needs_log_read(*, people: list[int], by: User, what: str) -> None:
    """Someone saw these people's access needs (health data): one entry per person in
    their account's history, saying who looked, when and where (`what`, e.g. the
    opportunity's access summary). Never what the needs are."""
    for person in User.objects.filter(pk__in=people).only("pk", "name", "email"):
        log(instance=person, action=ACCESS_NEEDS_VIEWED, user=by, data={"where": what[:200]})
