"""Staff screens for erasing an account at the person's request, and Wagtail's own
"Delete user", sent through the same erasure."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.users.views.users import DeleteView as WagtailDeleteView

from home.permissions import refuse, requires
from members.forms.personal_data import ErasureForm
from members.models import User
from members.services.personal_data import ErasureRefused, account_can_be_erased, account_erase

ERASE_PERMISSION = "members.delete_user"


@requires(permission=ERASE_PERMISSION)
def member_erase(request, user_id: int):
    """Staff erase an account at the person's request (for example, someone without
    email who cannot sign in to do it themselves)."""
    person = get_object_or_404(User, pk=user_id)
    if not account_can_be_erased(person):
        # A rule about the account, not the asker (staff accounts are closed by an
        # administrator, the Wagtail way), refused as every refusal is.
        return refuse(request)
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
