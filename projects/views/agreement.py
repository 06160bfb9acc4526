"""The team agreement: the version in force, the one proposed and who has accepted it;
accepting; proposing a change (a form, then a page that shows the change before it is
sent). Team members act; staff not on the team read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.forms.agreement import AgreementProposeForm
from projects.models import AgreementVersion
from projects.selectors.access import project_for
from projects.selectors.agreement import (
    agreement_state,
    agreement_versions_open,
    rules_compared,
)
from projects.services.agreement import AgreementError, agreement_accept, agreement_propose
from projects.views.projects import project_context


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request, project_id: int):
    project, access = project_for(request, project_id)
    if request.method == "POST":
        if not access.is_team:
            raise PermissionDenied
        if request.POST.get("action") != "accept":
            return HttpResponseBadRequest()
        version = get_object_or_404(
            AgreementVersion, project=project, pk=request.POST.get("version") or 0
        )
        try:
            agreement_accept(version=version, person=request.user)
        except AgreementError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your acceptance is recorded."))
        return redirect("projects:agreement", project_id=project.pk)
    context = project_context(request, project, access, "projects:agreement")
    context["state"] = agreement_state(project=project, user=request.user)
    return render(request, "projects/agreement_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_propose_view(request, project_id: int):
    """The form, then (action "check") the change shown before it is sent; "change"
    goes back to the form, "send" proposes it. The rules go back and forth in the
    form itself (nothing personal in them)."""
    project, access = project_for(request, project_id)
    if not access.is_team:
        raise PermissionDenied
    in_force, proposed = agreement_versions_open(project)
    starting = proposed or in_force
    context = project_context(request, project, access, "projects:agreement")
    action = request.POST.get("action", "check") if request.method == "POST" else ""
    if request.method == "POST":
        form = AgreementProposeForm(request.POST)
        if action != "change" and form.is_valid():
            rules, note = form.cleaned_data["rules"], form.cleaned_data["change_note"]
            if action == "send":
                try:
                    agreement_propose(
                        project=project, person=request.user, rules=rules, change_note=note
                    )
                except AgreementError as error:
                    form.add_error(None, str(error))
                else:
                    said = _("Your change is proposed. The rest of the team is asked to read it.")
                    messages.success(request, said)
                    return redirect("projects:agreement", project_id=project.pk)
            else:
                before = (in_force or proposed).rules if (in_force or proposed) else []
                context.update(
                    form=None,
                    check_form=form,
                    rules=rules,
                    change_note=note,
                    compared=rules_compared(before, rules),
                    compared_with=in_force or proposed,
                )
                return render(request, "projects/agreement_check.html", context)
        if action == "change":
            form = AgreementProposeForm(initial=request.POST.dict())
    else:
        form = AgreementProposeForm(
            initial={"rules": "\n".join(starting.rules) if starting else ""}
        )
    context.update(form=form, starting=starting)
    return render(request, "projects/agreement_propose.html", context)
