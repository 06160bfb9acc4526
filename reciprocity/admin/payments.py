"""Staff screens in the Wagtail admin for payments for time: the list, generating from
involvement, one payment and its actions, and the finance export. Every change goes
through reciprocity.services.payments, which also writes the payment's history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from home.permissions import guard, may, requires
from involvement.models import Involvement
from involvement.selectors import activity_admin_url
from members.services.own_record import is_own_record
from reciprocity.forms import CancelForm, ExportForm, GenerateForm, MarkPaidForm, ReleaseHoldForm
from reciprocity.models import FinanceExport, Payment
from reciprocity.services.payments import (
    PaymentError,
    finance_export_create,
    finance_export_csv,
    payment_approve,
    payment_cancel,
    payment_mark_paid,
    payment_release_hold,
    payments_generate,
)

VIEW_PERMISSION = "reciprocity.view_payment"
PROPOSE_PERMISSION = "reciprocity.propose_payment"
APPROVE_PERMISSION = "reciprocity.approve_payment"
EXPORT_PERMISSION = "reciprocity.export_payment"
PER_PAGE = 50


# --- The list -------------------------------------------------------------------------


@requires(permission=VIEW_PERMISSION)
def payments_index(request):
    status = request.GET.get("status", "all")
    payments = Payment.objects.select_related("member")
    if status in Payment.Status.values:
        payments = payments.filter(status=status)
    else:
        status = "all"
    page = Paginator(payments.order_by("-activity_date", "-pk"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "reciprocity/admin/payments_index.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": [("all", _("All")), *Payment.Status.choices],
            "can_generate": may(request.user, permission=PROPOSE_PERMISSION),
            "can_export": may(request.user, permission=EXPORT_PERMISSION),
        },
    )


# --- Generate -------------------------------------------------------------------------


@requires(permission=PROPOSE_PERMISSION)
def payments_generate_view(request):
    form = GenerateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        activity = form.cleaned_data["activity"]
        result = payments_generate(
            involvements=Involvement.objects.filter(activity=activity),
            by=request.user,
            cost_code=form.cleaned_data["cost_code"].strip(),
        )
        _report(request, activity.title, result)
        return redirect("reciprocity_payments")
    return TemplateResponse(request, "reciprocity/admin/generate.html", {"form": form})


def _report(request, title, result) -> None:
    messages.success(
        request,
        ngettext(
            "%(title)s: %(count)s payment made.",
            "%(title)s: %(count)s payments made.",
            result.created,
        )
        % {"title": title, "count": result.created},
    )
    if result.already_made:
        messages.info(
            request,
            ngettext(
                "%(count)s already had a payment, so none was made again.",
                "%(count)s already had payments, so none were made again.",
                result.already_made,
            )
            % {"count": result.already_made},
        )
    if result.held:
        messages.warning(
            request,
            ngettext(
                "%(count)s is held until someone talks with the member about their "
                "benefits. Open it to record the conversation and release it.",
                "%(count)s are held until someone talks with the members about their "
                "benefits. Open each to record the conversation and release it.",
                result.held,
            )
            % {"count": result.held},
        )
    for reason in result.not_paid:
        messages.warning(request, _("Not paid: %(reason)s.") % {"reason": reason})


# --- One payment ----------------------------------------------------------------------

# What each action needs: the permission, the status it starts from, and its form.
ACTIONS = {
    "approve": (APPROVE_PERMISSION, {Payment.Status.PROPOSED}, None),
    "release": (PROPOSE_PERMISSION, {Payment.Status.HELD}, ReleaseHoldForm),
    "paid": (APPROVE_PERMISSION, {Payment.Status.APPROVED}, MarkPaidForm),
    "cancel": (
        APPROVE_PERMISSION,
        set(Payment.Status.values) - {Payment.Status.PAID, Payment.Status.CANCELLED},
        CancelForm,
    ),
}


def _run(action: str, *, payment: Payment, by, data: dict) -> Payment:
    if action == "approve":
        return payment_approve(payment=payment, by=by)
    if action == "release":
        return payment_release_hold(payment=payment, by=by, note=data["note"])
    if action == "paid":
        return payment_mark_paid(
            payment=payment, by=by, paid_on=data["paid_on"], reference=data["reference"]
        )
    return payment_cancel(payment=payment, by=by, note=data["note"])


DONE = {
    "approve": gettext_lazy("Approved."),
    "release": gettext_lazy("Released: the payment is now proposed and needs approving."),
    "paid": gettext_lazy("Recorded as paid."),
    "cancel": gettext_lazy("Cancelled."),
}


def _problems(form, error: str | None) -> list[tuple[str, str]]:
    """(link, message) for the error summary: each field's errors link to the field."""
    if form is None:
        return [("", error)] if error else []
    problems = [("", message) for message in form.non_field_errors()]
    for field in form:
        problems += [(f"#{field.id_for_label}", f"{field.label}: {e}") for e in field.errors]
    return problems


@requires(permission=VIEW_PERMISSION)
def payment_view(request, payment_id: int):
    payment = get_object_or_404(
        Payment.objects.select_related(
            "member",
            "rate_card",
            "proposed_by",
            "approved_by",
            "involvement__activity",
            "export_line__export",
        ),
        pk=payment_id,
    )
    posted = request.POST.get("action") if request.method == "POST" else None
    if posted is not None and posted not in ACTIONS:
        raise PermissionDenied
    if posted is not None:
        refused = guard(request, permission=ACTIONS[posted][0])
        if refused is not None:
            return refused

    forms = {
        action: form_class(request.POST if action == posted else None, prefix=action)
        for action, (_permission, _statuses, form_class) in ACTIONS.items()
        if form_class is not None
    }
    error = None
    if posted is not None:
        form = forms.get(posted)
        if form is None or form.is_valid():
            try:
                _run(
                    posted,
                    payment=payment,
                    by=request.user,
                    data=form.cleaned_data if form is not None else {},
                )
            except PaymentError as refused:
                # Back to the page with what they typed, and why it could not be done.
                error = str(refused)
                if form is not None:
                    form.add_error(None, error)
            else:
                messages.success(request, DONE[posted])
                return redirect("reciprocity_payment", payment_id=payment.pk)
        payment.refresh_from_db()

    is_own = is_own_record(person=payment.member_id, by=request.user)
    allowed = [
        action
        for action, (permission, statuses, _form) in ACTIONS.items()
        if payment.status in statuses and may(request.user, permission=permission) and not is_own
    ]
    problems = _problems(forms.get(posted), error) if posted else []
    return TemplateResponse(
        request,
        "reciprocity/admin/payment.html",
        {
            "payment": payment,
            "activity_url": (
                activity_admin_url(payment.involvement.activity) if payment.involvement else ""
            ),
            "is_own": is_own,
            "events": payment.events.select_related("by"),
            "allowed": allowed,
            "forms": forms,
            "problems": problems,
            # A refused action stays on show with its message and what was typed, even
            # when the payment has moved on and the action no longer fits.
            "shown": set(allowed) | ({posted} if problems else set()),
        },
    )


# --- Finance export -------------------------------------------------------------------


@requires(permission=EXPORT_PERMISSION)
def export_view(request):
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
        try:
            _export, text = finance_export_create(
                period_start=start, period_end=end, by=request.user
            )
        except PaymentError as error:
            form.add_error(None, str(error))
        else:
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="payments-{start:%Y-%m-%d}-{end:%Y-%m-%d}.csv"'
            )
            return response
    exports = FinanceExport.objects.select_related("created_by").annotate(
        payment_count=Count("lines")
    )
    page = Paginator(exports.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(
        request,
        "reciprocity/admin/export.html",
        {
            "form": form,
            "page_obj": page,
            "problems": _problems(form, None) if form.is_bound else [],
        },
    )


@requires(permission=EXPORT_PERMISSION)
def export_download_again(request, export_id: int):
    """The same CSV again (a download was lost): made from the export's own lines, so
    it holds exactly what finance was given, and nothing is exported twice."""
    export = get_object_or_404(FinanceExport, pk=export_id)
    payments = [
        line.payment
        for line in export.lines.select_related("payment").order_by(
            "payment__activity_date", "payment__pk"
        )
    ]
    response = HttpResponse(finance_export_csv(payments), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="payments-{export.period_start:%Y-%m-%d}-'
        f'{export.period_end:%Y-%m-%d}-again.csv"'
    )
    return response
