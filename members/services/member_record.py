"""The member record's own log: every look by staff at one person's record is written to
Wagtail's log (who, when), and the latest are shown on the record itself."""

from wagtail.log_actions import log

from members.models import User

VIEWED = "roundtable.member_record_viewed"


def member_record_log_read(*, person: User, by: User) -> None:
    log(instance=person, action=VIEWED, user=by)
