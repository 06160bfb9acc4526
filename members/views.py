from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


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
        },
    )
