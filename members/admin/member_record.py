"""The member record: what staff see about one person, with every look at it logged.

The directory lists people; this page is where staff read one person's contact
details, profile, memberships and agreements. Each read is written to Wagtail's log
(who, when), and the latest reads are shown on the page itself, so looking is never
invisible. Equality-monitoring answers are never shown here.
"""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import ModelLogEntry

from home.permissions import guard, may, requires
from members.admin.personal_data import ERASE_PERMISSION
from members.hooks import member_record_sections
from members.models import User
from members.selectors.member_record import member_summary
from members.services.member_record import VIEWED, member_record_log_read
from members.services.personal_data import account_can_be_erased

VIEW_PERMISSION = "members.view_user"


@requires(permission=VIEW_PERMISSION)
def member_record(request, user_id: int):
    person = get_object_or_404(
        User.objects.select_related("registered_by").prefetch_related("groups"), pk=user_id
    )
    # Only an administrator reads an administrator's record.
    if person.is_superuser and (refused := guard(request, superuser=True)) is not None:
        return refused
    member_record_log_read(person=person, by=request.user)
    reads = (
        ModelLogEntry.objects.for_instance(person)
        .filter(action=VIEWED)
        .select_related("user")
        .order_by("-timestamp")[:10]
    )
    return TemplateResponse(
        request,
        "members/admin/member_record.html",
        {
            "person": person,
            **member_summary(person),
            "reads": reads,
            "can_erase": (
                may(request.user, permission=ERASE_PERMISSION) and account_can_be_erased(person)
            ),
            "sections": [
                section
                for _receiver, section in member_record_sections.send(
                    sender=User, person=person, request=request
                )
                if section
            ],
        },
    )
