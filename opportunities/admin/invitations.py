"""Staff find members to invite to apply for an opportunity, ranked with the reasons it
may suit them, and invite the ones they choose (a check-your-answers page first)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from home.permissions import may, requires
from members.services.own_record import is_own_record
from opportunities.admin.selection import EQUALITY_PERMISSION, SELECT_PERMISSION
from opportunities.forms.invitations import InvitationFiltersForm
from opportunities.matching.candidates import invitation_candidates
from opportunities.models import OpportunityPage
from opportunities.services.invitations import (
    InvitationError,
    email_choices_allow,
    invitable_members,
    invitations_send,
)

PER_PAGE = 50


def _chosen_ids(request) -> list[int]:
    chosen = []
    for value in request.POST.getlist("member"):
        if value.isdigit():
            chosen.append(int(value))
    return sorted(set(chosen))


@requires(permission=SELECT_PERMISSION)
def invite_view(request, opportunity_id: int):
    """GET: the ranked list, filtered. POST with people chosen: the check page; POST
    from the check page (`confirm`): the invitations are sent."""
    opportunity = get_object_or_404(OpportunityPage, pk=opportunity_id)
    error = ""
    if request.method == "POST":
        chosen = _chosen_ids(request)
        if not chosen:
            error = _("Choose at least one person to invite: tick the box beside their name.")
        elif request.POST.get("confirm"):
            return _send(request, opportunity, chosen)
        else:
            return _check(request, opportunity, chosen)

    with_equality = may(request.user, permission=EQUALITY_PERMISSION)
    data = request.GET.copy()
    if with_equality and "seeks" not in data:
        data["seeks"] = opportunity.seeks_voices or ""
    form = InvitationFiltersForm(
        data, with_equality=with_equality, seeks_default=opportunity.seeks_voices or ""
    )
    candidates = invitation_candidates(opportunity, by=request.user, filters=form.filters())
    page = Paginator(candidates, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "opportunities/admin/invite.html",
        {
            "opportunity": opportunity,
            "form": form,
            "page_obj": page,
            "candidates": candidates,
            "error": error,
            "query": query.urlencode(),
            "open": OpportunityPage.objects.open().filter(pk=opportunity.pk).exists(),
        },
    )


def _check(request, opportunity, chosen: list[int]):
    """Check your answers: who will be invited, who will not (and why), and the email."""
    invitable = {
        member.pk: member
        for member in invitable_members(opportunity=opportunity, member_ids=chosen)
        .exclude(invitations__opportunity=opportunity)
        .exclude(pk=request.user.pk)
        .select_related("profile")
        .distinct()
    }
    today = timezone.localdate()
    people = [invitable[pk] for pk in chosen if pk in invitable]
    for person in people:
        person.will_be_emailed = email_choices_allow(
            person, getattr(person, "profile", None), today
        )
    left_out = len(chosen) - len(people)
    return TemplateResponse(
        request,
        "opportunities/admin/invite_check.html",
        {
            "opportunity": opportunity,
            "people": sorted(people, key=lambda p: str(p).casefold()),
            "left_out": left_out,
            "own_record": any(is_own_record(person=pk, by=request.user) for pk in chosen),
            "not_emailed": sum(1 for p in people if not p.will_be_emailed),
            "query": request.GET.urlencode(),
        },
    )


def _back_to_list(request, opportunity):
    """The invite screen as staff left it: the filters (and page) in the query string."""
    address = reverse("opportunities_invite", kwargs={"opportunity_id": opportunity.pk})
    query = request.GET.urlencode()
    return redirect(f"{address}?{query}" if query else address)


def _send(request, opportunity, chosen: list[int]):
    try:
        result = invitations_send(opportunity=opportunity, member_ids=chosen, by=request.user)
    except InvitationError as refused:
        messages.error(request, str(refused))
        return _back_to_list(request, opportunity)
    invited = len(result.invited)
    messages.success(
        request,
        ngettext(
            "%(count)s person invited to apply.",
            "%(count)s people invited to apply.",
            invited,
        )
        % {"count": invited},
    )
    if result.not_emailed:
        messages.warning(
            request,
            ngettext(
                "%(count)s person was not emailed because of their email choices (no email "
                "address, or emails about opportunities paused). Contact them another way "
                "if you still want to.",
                "%(count)s people were not emailed because of their email choices (no email "
                "address, or emails about opportunities paused). Contact them another way "
                "if you still want to.",
                result.not_emailed,
            )
            % {"count": result.not_emailed},
        )
    if result.skipped:
        messages.info(
            request,
            ngettext(
                "%(count)s person was not invited: invited before, already applied, said it "
                "is not for them, or not able to see this opportunity.",
                "%(count)s people were not invited: invited before, already applied, said it "
                "is not for them, or not able to see this opportunity.",
                result.skipped,
            )
            % {"count": result.skipped},
        )
    return _back_to_list(request, opportunity)
