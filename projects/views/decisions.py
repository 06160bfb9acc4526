"""The decision log: the list, proposing an item, a decision in full (endorse, comment,
record that you disagree, staff hide a comment), and recording the outcome (those who
steer: the researcher, the leads, staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from projects.forms.decisions import (
    NOT_TAKEN,
    CommentForm,
    DecisionProposeForm,
    DecisionRecordForm,
    DissentForm,
)
from projects.models import Decision, DecisionComment
from projects.selectors.access import project_for
from projects.selectors.decisions import decision_log, decision_of, team_choices
from projects.services.decisions import (
    DecisionError,
    decision_comment_add,
    decision_comment_hide,
    decision_endorse_toggle,
    decision_propose,
    decision_record,
    dissent_record,
)
from projects.views.projects import project_context

DECISIONS_PER_PAGE = 20


@login_required
@require_GET
def decision_list(request, project_id: int):
    project, access = project_for(request, project_id)
    context = project_context(request, project, access, "projects:decisions")
    page = Paginator(decision_log(project), DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    context["results"] = page
    return render(request, "projects/decisions_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_propose_view(request, project_id: int):
    """Anyone who sees the project proposes something for the team to decide. Those
    who steer may also record a decision taken at a meeting: ?record=1 saves it
    without telling the team, then goes on to record its outcome (one email, then)."""
    project, access = project_for(request, project_id)
    recording = access.may_steer and (request.GET.get("record") or request.POST.get("record"))
    context = project_context(request, project, access, "projects:decisions")
    form = DecisionProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = decision_propose(
            project=project,
            person=request.user,
            title=form.cleaned_data["title"],
            background=form.cleaned_data["background"],
            options=form.cleaned_data["options"],
            tell_team=not recording,
        )
        if recording:
            return redirect(
                "projects:decision_record", project_id=project.pk, decision_id=decision.pk
            )
        messages.success(
            request, _("Your proposal is in the decision log. The team has been told.")
        )
        return redirect("projects:decision", project_id=project.pk, decision_id=decision.pk)
    context.update(form=form, recording=recording)
    return render(request, "projects/decisions_propose.html", context)


def _decision(project, decision_id: int) -> Decision:
    try:
        return decision_of(project=project, decision_id=decision_id)
    except Decision.DoesNotExist as error:
        raise Http404 from error


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, project_id: int, decision_id: int):
    project, access = project_for(request, project_id)
    decision = _decision(project, decision_id)
    user = request.user
    comment_form, dissent_form, failed = CommentForm(), None, None
    if request.method == "POST":
        action = request.POST.get("action")
        back = redirect("projects:decision", project_id=project.pk, decision_id=decision.pk)
        try:
            if action == "endorse":
                if not access.is_team:
                    raise PermissionDenied
                supported = decision_endorse_toggle(decision=decision, person=user)
                messages.success(
                    request,
                    _("Your support is recorded.")
                    if supported
                    else _("Your support is taken back."),
                )
                return back
            if action == "comment":
                if not access.may_post:
                    raise PermissionDenied
                comment_form = failed = CommentForm(request.POST)
                if comment_form.is_valid():
                    decision_comment_add(
                        decision=decision, person=user, body=comment_form.cleaned_data["body"]
                    )
                    messages.success(request, _("Your comment is added."))
                    return back
            elif action == "dissent":
                if not access.is_team:
                    raise PermissionDenied
                dissent_form = failed = DissentForm(request.POST)
                if dissent_form.is_valid():
                    dissent_record(
                        decision=decision, person=user, reason=dissent_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("Your disagreement is recorded, in your words."))
                    return back
            elif action == "hide":
                if not access.may_moderate:
                    raise PermissionDenied
                comment = get_object_or_404(
                    DecisionComment, decision=decision, pk=request.POST.get("comment") or 0
                )
                decision_comment_hide(comment=comment, by=user)
                messages.success(request, _("The comment is hidden."))
                return back
            else:
                return HttpResponseBadRequest()
        except DecisionError as error:
            messages.error(request, str(error))
            return back
    own_dissent = next((d for d in decision.dissents.all() if d.person_id == user.pk), None)
    if dissent_form is None:
        dissent_form = DissentForm(initial={"reason": own_dissent.reason if own_dissent else ""})
    context = project_context(request, project, access, "projects:decisions")
    context.update(
        decision=decision,
        form=failed,
        comment_form=comment_form,
        dissent_form=dissent_form,
        own_dissent=own_dissent,
        endorsed=any(e.person_id == user.pk for e in decision.endorsements.all()),
        may_endorse=access.is_team and decision.status == Decision.Status.PROPOSED,
        may_dissent=access.is_team and decision.status == Decision.Status.DECIDED,
    )
    return render(request, "projects/decisions_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_record_view(request, project_id: int, decision_id: int):
    """Record the outcome of a proposal: those who steer (researcher, leads, staff);
    others on the team are refused (403), others still are not told it exists (404).
    An outcome is recorded once: after that this page goes to the decision."""
    project, access = project_for(request, project_id)
    if not access.may_steer:
        raise PermissionDenied
    decision = _decision(project, decision_id)
    if decision.status != Decision.Status.PROPOSED:
        messages.info(request, _("The outcome of this has been recorded already."))
        return redirect("projects:decision", project_id=project.pk, decision_id=decision.pk)
    people = team_choices(project)
    form = DecisionRecordForm(
        request.POST or None, people=people, initial={"options": "\n".join(decision.options)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        how = data["how_agreed"]
        try:
            if how == NOT_TAKEN:
                decision_record(
                    decision=decision,
                    by=request.user,
                    status=Decision.Status.NOT_TAKEN_FORWARD,
                    options=data["options"],
                    reasons=data["why_not"],
                )
            else:
                decision_record(
                    decision=decision,
                    by=request.user,
                    status=Decision.Status.DECIDED,
                    outcome=data["outcome"],
                    options=data["options"],
                    how_agreed=how,
                    reasons=data["reasons"],
                    votes=(data["votes_for"], data["votes_against"], data["votes_abstained"])
                    if how == Decision.HowAgreed.VOTE
                    else None,
                    participants=list(data["participants"]),
                )
        except DecisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The decision is recorded. The team has been told."))
            return redirect("projects:decision", project_id=project.pk, decision_id=decision.pk)
    context = project_context(request, project, access, "projects:decisions")
    context.update(decision=decision, form=form)
    return render(request, "projects/decisions_record.html", context)
