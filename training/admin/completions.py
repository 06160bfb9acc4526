"""Admin → Training → Completions to confirm: people's own declarations that they
finished a self-paced course, which staff confirm or decline (with a reason, emailed);
a completion's page (the staff's copy of the certificate) and its revocation.

Registered from training/wagtail_hooks.py through `admin_urls`, `menu_item`,
`waiting` (the "Waiting for you" panel) and `log_actions`."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.admin import PermissionMenuItem
from home.permissions import may, requires
from home.waiting_work import WaitingWork
from members.services.own_record import is_own_record
from training.forms.completions import DeclarationDecisionForm, RevokeForm
from training.models import Completion
from training.selectors.certificates import certificate_for_staff, course_skills
from training.selectors.completions import completions_waiting
from training.services import TrainingError
from training.services.completions import (
    CONFIRMED,
    DECLINED,
    REVOKED,
    completion_confirm,
    completion_decline,
    completion_revoke,
)

PERMISSION = "training.confirm_completion"


@requires(permission=PERMISSION)
def completions_index(request):
    """Declarations waiting (by default), or every completion."""
    show = request.GET.get("show", "waiting")
    if show == "waiting":
        rows = completions_waiting()
    else:
        show = "all"
        rows = Completion.objects.select_related("person", "course").order_by("-created_at", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "training/admin/completions_index.html", {"page_obj": page, "show": show}
    )


@requires(permission=PERMISSION)
def completion_view(request, completion_id: int):
    """One completion: what its certificate says; confirm or decline a declaration."""
    completion = certificate_for_staff(completion_id=completion_id)
    if completion is None:
        raise Http404
    is_own = is_own_record(person=completion.person_id, by=request.user)
    waiting = completion.status == Completion.Status.DECLARED
    form = DeclarationDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and waiting and not is_own and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "confirm":
                completion_confirm(completion=completion, by=request.user)
                messages.success(request, _("Confirmed. The person has been emailed."))
            else:
                completion_decline(
                    completion=completion, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Not confirmed. The person has been told why."))
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            return redirect("training_completions")
    return TemplateResponse(
        request,
        "training/admin/completion.html",
        {
            "completion": completion,
            "skills": course_skills(completion.course),
            "form": form,
            "is_own": is_own,
            "can_decide": waiting and not is_own,
            "can_revoke": completion.status == Completion.Status.COMPLETED and not is_own,
        },
    )


@requires(permission=PERMISSION)
def completion_revoke_view(request, completion_id: int):
    completion = get_object_or_404(
        Completion.objects.select_related("person", "course"),
        pk=completion_id,
        status=Completion.Status.COMPLETED,
    )
    is_own = is_own_record(person=completion.person_id, by=request.user)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not is_own and form.is_valid():
        try:
            completion_revoke(
                completion=completion, by=request.user, reason=form.cleaned_data["reason"]
            )
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Revoked. The person has been told why."))
            return redirect("training_completion", completion_id=completion.pk)
    return TemplateResponse(
        request,
        "training/admin/completion_revoke.html",
        {"completion": completion, "form": form, "is_own": is_own},
    )


# --- Registration (called from training/wagtail_hooks.py) ---------------------------


def admin_urls() -> list:
    return [
        path("training/completions/", completions_index, name="training_completions"),
        path(
            "training/completions/<int:completion_id>/",
            completion_view,
            name="training_completion",
        ),
        path(
            "training/completions/<int:completion_id>/revoke/",
            completion_revoke_view,
            name="training_completion_revoke",
        ),
    ]


def menu_item(order: int = 300) -> PermissionMenuItem:
    """For the Training menu (or the admin's main menu until there is one)."""
    return PermissionMenuItem(
        gettext_lazy("Completions to confirm"),
        reverse("training_completions"),
        name="training-completions",
        icon_name="tick",
        order=order,
        permission=PERMISSION,
    )


def waiting(request) -> WaitingWork | None:
    """Declarations waiting for staff, but for their own (nobody confirms their own)."""
    if not may(request.user, permission=PERMISSION):
        return None
    return WaitingWork(
        label=_("Completions to confirm"),
        count=completions_waiting().exclude(person=request.user).count(),
        url=reverse("training_completions"),
        order=60,
    )


def log_actions(actions) -> None:
    actions.register_action(
        CONFIRMED, _("Confirm a course completion"), _("Course completion confirmed")
    )
    actions.register_action(
        DECLINED, _("Decline a course completion"), _("Course completion not confirmed")
    )
    actions.register_action(
        REVOKED, _("Revoke a course completion"), _("Course completion revoked")
    )
