"""Staff add a skill a member gained: a screen opened from the member record."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from home.permissions import requires
from members.models import User
from members.services.own_record import OWN_RECORD, is_own_record
from reciprocity.forms import SkillGainedForm
from reciprocity.services.skills import skill_gained_add as skill_gained_add_service


@requires(permission="reciprocity.add_skillgained")
def skill_gained_add(request, user_id: int):
    """From the member record: staff add a skill the member gained."""
    person = get_object_or_404(User, pk=user_id)
    if is_own_record(person=person, by=request.user):
        messages.error(request, OWN_RECORD)
        return redirect("members_member_record", user_id=person.pk)
    form = SkillGainedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        skill_gained_add_service(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Skill added. It shows on their statement."))
        return redirect("members_member_record", user_id=person.pk)
    return TemplateResponse(
        request, "reciprocity/admin/skill_add.html", {"person": person, "form": form}
    )
