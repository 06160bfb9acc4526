"""'Not for me', and its undo: a member's answer about one opportunity (POST only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.permissions import requires
from members import roles
from opportunities.models import OpportunityPage
from opportunities.services.not_for_me import not_for_me_set, not_for_me_undo


def _visible_opportunity(request, opportunity_id: int) -> OpportunityPage:
    """Published and visible to this member (closed ones too: their page still shows);
    anything else is 'not found'."""
    return get_object_or_404(
        OpportunityPage.objects.live().public().visible_to(request.user), pk=opportunity_id
    )


def _back(request, opportunity: OpportunityPage):
    """To the page the form was on (`next`, on this site only), else the opportunity."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(opportunity.get_url(request) or "/")


@login_required
@require_POST
@requires(role=roles.MEMBER)
def not_for_me(request, opportunity_id: int):
    opportunity = _visible_opportunity(request, opportunity_id)
    not_for_me_set(member=request.user, opportunity=opportunity)
    messages.success(
        request,
        _(
            "We will not suggest %(title)s to you again. You can still find it in the list "
            "and apply."
        )
        % {"title": opportunity.title},
    )
    return _back(request, opportunity)


@login_required
@require_POST
@requires(role=roles.MEMBER)
def not_for_me_undo_view(request, opportunity_id: int):
    opportunity = _visible_opportunity(request, opportunity_id)
    not_for_me_undo(member=request.user, opportunity=opportunity)
    messages.success(
        request, _("We may suggest %(title)s to you again.") % {"title": opportunity.title}
    )
    return _back(request, opportunity)
