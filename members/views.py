from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from members import roles
from members.forms import JoinGroupForm
from members.models import GroupMembership, ReferenceGroupPage
from members.services import MembershipError, membership_join


@login_required
def account(request):
    """'Your account': who you are here, what you can do, and your security settings."""
    user = request.user
    return render(
        request,
        "members/account.html",
        {
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "mfa_enabled": get_mfa_adapter().is_mfa_enabled(user),
            "researcher_pending": user.researcher_request == user.ResearcherRequest.PENDING,
            "researcher_declined": user.researcher_request == user.ResearcherRequest.DECLINED,
            "memberships": GroupMembership.objects.live()
            .filter(member=user)
            .select_related("group")
            .order_by("group__title"),
        },
    )


def _joinable_group(group_id: int) -> ReferenceGroupPage:
    return get_object_or_404(ReferenceGroupPage.objects.live().public(), pk=group_id)


@login_required
def group_join(request, group_id: int):
    """Read the group's ground rules, agree, and join (or ask to join)."""
    group = _joinable_group(group_id)
    if not request.user.has_role(roles.MEMBER):
        # Researchers and staff join as members by creating a member account.
        raise PermissionDenied
    existing = GroupMembership.objects.live().filter(member=request.user, group=group).first()
    if existing is not None:
        return redirect("members:group_joined", group_id=group.pk)
    rules = group.current_ground_rules()
    if not group.is_joinable or rules is None:
        return render(request, "members/group_closed.html", {"group": group}, status=409)

    form = JoinGroupForm(request.POST or None, initial={"version": rules.number})
    problem = None
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != rules.number:
            problem = MembershipError(
                "The ground rules changed while you were reading them. Please read them again."
            )
        else:
            try:
                membership_join(member=request.user, group=group, accepted_version=rules)
            except MembershipError as error:
                problem = error
            else:
                return redirect("members:group_joined", group_id=group.pk)
    if problem is not None:
        form.add_error(None, str(problem))
    return render(
        request, "members/group_join.html", {"group": group, "rules": rules, "form": form}
    )


@login_required
def group_joined(request, group_id: int):
    """The confirmation page, with what happens next. Only for the person who joined."""
    membership = (
        GroupMembership.objects.live()
        .select_related("group", "ground_rules_version")
        .filter(member=request.user, group_id=group_id)
        .first()
    )
    if membership is None:
        raise Http404
    return render(request, "members/group_joined.html", {"membership": membership})
