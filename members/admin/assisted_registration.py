"""Staff screen in the Wagtail admin: register a member on their behalf."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.permissions import requires
from members.forms.assisted_registration import AssistedRegistrationForm
from members.services.assisted_registration import member_register_assisted
from members.services.memberships import MembershipError


@requires(permission="members.add_user")
def assisted_registration(request):
    """Staff register a member who joined by phone, on paper or at an event."""
    form = AssistedRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = member_register_assisted(
                by=request.user,
                name=data["name"],
                channel=data["channel"],
                email=data["email"],
                phone=data["phone"],
                postal_address=data["postal_address"],
                contact_methods=data["contact_methods"],
                privacy_notice_explained=data["privacy_notice_explained"],
                group=data["group"],
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            message = _("%(name)s is registered as a member.") % {"name": person.name}
            if person.email:
                sent = _("They have been emailed a link to set a password.")
            else:
                sent = _("They have no email address: contact them by phone or post.")
            messages.success(request, f"{message} {sent}")
            return redirect("members_assisted_registration")
    return TemplateResponse(request, "members/admin/assisted_registration.html", {"form": form})
