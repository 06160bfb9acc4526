"""The member record: what staff see about one person, with every look at it logged.

The directory lists people; this page is where staff read one person's contact
details, profile, memberships and agreements. Each read is written to Wagtail's log
(who, when), and the latest reads are shown on the page itself, so looking is never
invisible. Equality-monitoring answers are never shown here.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.views.users import DeleteView as WagtailDeleteView

from members.hooks import member_record_sections
from members.models import User
from members.selectors import member_summary
from members.services import ErasureRefused, account_can_be_erased, account_erase

VIEW_PERMISSION = "members.view_user"
ERASE_PERMISSION = "members.delete_user"
VIEWED = "roundtable.member_record_viewed"


def member_record_log_read(*, person: User, by: User) -> None:
    log(instance=person, action=VIEWED, user=by)


def member_record(request, user_id: int):
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    person = get_object_or_404(
        User.objects.select_related("registered_by").prefetch_related("groups"), pk=user_id
    )
    if person.is_superuser and not request.user.acts_as_superuser:
        raise PermissionDenied
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
            "can_erase": request.user.has_perm(ERASE_PERMISSION) and account_can_be_erased(person),
            "sections": [
                section
                for _receiver, section in member_record_sections.send(
                    sender=User, person=person, request=request
                )
                if section
            ],
        },
    )


class ErasureForm(forms.Form):
    asked = forms.BooleanField(
        label=gettext_lazy("The person asked us to erase their account"),
        error_messages={"required": gettext_lazy("Confirm that the person asked for this")},
    )


def member_erase(request, user_id: int):
    """Staff erase an account at the person's request (for example, someone without
    email who cannot sign in to do it themselves)."""
    if not request.user.has_perm(ERASE_PERMISSION):
        raise PermissionDenied
    person = get_object_or_404(User, pk=user_id)
    if not account_can_be_erased(person):
        raise PermissionDenied
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account_erase(user=person, by=request.user)
        except ErasureRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The account was erased."))
            return redirect("member_directory:index")
    return TemplateResponse(
        request, "members/admin/member_erase.html", {"person": person, "form": form}
    )


class UserDeleteView(WagtailDeleteView):
    """Wagtail's "Delete user" would skip what erasure does (tidy the log, record it,
    let other apps pseudonymise); members' accounts go through erasure instead."""

    def dispatch(self, request, *args, **kwargs):
        person = self.get_object()
        if account_can_be_erased(person):
            return redirect("members_member_erase", user_id=person.pk)
        return super().dispatch(request, *args, **kwargs)
