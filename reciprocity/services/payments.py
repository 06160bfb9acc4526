"""Business actions on payments: generate from involvement, hold and release, approve,
record paid, cancel, follow a corrected involvement, and export for finance. Every
change writes a PaymentEvent."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from home.datetimes import format_date
from home.page_cache import people_changed
from home.spreadsheets import spreadsheet_safe
from involvement.models import Involvement
from members.models import MemberProfile, User
from members.services.own_record import is_own_record, own_record_refuse
from reciprocity.models import FinanceExport, FinanceExportLine, Payment, PaymentEvent, RateCard
from reciprocity.money import payment_for_activity, tax_year


class PaymentError(Exception):
    """A change to a payment that cannot happen; the message says why."""


def payee_reference(member_id: int) -> str:
    """What finance sees instead of a name, and what is kept after erasure."""
    return f"RT-{member_id:06d}"


METHOD_FOR_PREFERENCE = {
    MemberProfile.Payment.PAID: Payment.Method.BANK,
    MemberProfile.Payment.VOUCHER: Payment.Method.VOUCHER,
    MemberProfile.Payment.NONE: Payment.Method.DECLINED,
    MemberProfile.Payment.BENEFITS: Payment.Method.BANK,
}


@dataclass
class GenerateResult:
    created: int = 0
    already_made: int = 0
    held: int = 0
    not_paid: list[str] = field(default_factory=list)  # why some involvements got none


def payments_generate(*, involvements, by: User, cost_code: str = "") -> GenerateResult:
    """Make the payments for attended involvements, at the rate card in force on each
    activity date, as the card pays each kind of activity. Idempotent: an involvement
    never gets a second payment, even when two staff generate at once (a unique key, and
    inserts that skip existing keys).

    The member's payment preference decides the method; 'no payment' is recorded as
    declined (never hidden); 'I receive benefits' is held until staff record that
    they have talked. Set-based: a fixed number of queries however many there are.
    """
    result = GenerateResult()
    involvements = list(
        Involvement.objects.filter(pk__in=[i.pk for i in involvements])
        .select_related("member__profile", "activity")
        .annotate(paid=Exists(Payment.objects.filter(involvement=OuterRef("pk"))))
    )
    cards = list(RateCard.objects.order_by("-valid_from"))
    payments = []
    for involvement in involvements:
        if involvement.paid:
            result.already_made += 1
            continue
        if is_own_record(person=involvement.member_id, by=by):
            # Left for a colleague to generate; the others go ahead.
            result.not_paid.append(
                _("%(name)s is you: ask a colleague to make your payment")
                % {"name": involvement.member}
            )
            continue
        if not involvement.attended or involvement.hours <= 0:
            result.not_paid.append(_("%(name)s did not take part") % {"name": involvement.member})
            continue
        # What payments and the finance export keep of the activity (a title of its time).
        activity = involvement.activity.title[:200]
        if not involvement.activity.is_paid:
            result.not_paid.append(_("%(activity)s is unpaid") % {"activity": activity})
            continue
        card = next((c for c in cards if c.valid_from <= involvement.started_on), None)
        if card is None:
            result.not_paid.append(
                _("No rate card was in force on %(date)s") % {"date": involvement.started_on}
            )
            continue
        profile = getattr(involvement.member, "profile", None)
        preference = profile.payment_preference if profile else MemberProfile.Payment.PAID
        preference = preference or MemberProfile.Payment.PAID
        basis, amount = payment_for_activity(
            involvement.activity.kind, involvement.hours, card.rates()
        )
        if preference == MemberProfile.Payment.NONE:
            status = Payment.Status.DECLINED
        elif preference == MemberProfile.Payment.BENEFITS:
            status = Payment.Status.HELD
            result.held += 1
        else:
            status = Payment.Status.PROPOSED
        payments.append(
            Payment(
                member=involvement.member,
                payee_reference=payee_reference(involvement.member_id),
                involvement=involvement,
                idempotency_key=f"involvement:{involvement.pk}",
                activity=activity,
                activity_date=involvement.started_on,
                hours=involvement.hours,
                basis=basis,
                amount=amount,
                method=METHOD_FOR_PREFERENCE[preference],
                status=status,
                tax_year=tax_year(involvement.started_on),
                reason=_("Time given to %(activity)s") % {"activity": activity},
                cost_code=cost_code,
                rate_card=card,
                proposed_by=by,
            )
        )
    with transaction.atomic():
        Payment.objects.bulk_create(payments, ignore_conflicts=True)
        # ignore_conflicts leaves no ids: read back the ones this call made.
        made = Payment.objects.filter(
            idempotency_key__in=[p.idempotency_key for p in payments],
            proposed_by=by,
            events__isnull=True,
        )
        events = [
            PaymentEvent(payment=p, status=p.status, by=by, note=_("Generated")) for p in made
        ]
        PaymentEvent.objects.bulk_create(events)
        # Bulk inserts send no post_save: members' own pages show a declined payment.
        people_changed(*{p.member_id for p in payments})
    result.created = len(events)
    result.already_made += len(payments) - len(events)
    return result


def _locked(payment: Payment, *, by: User | None) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    # Nobody moves a payment to themselves on (release, approve, pay or cancel it).
    own_record_refuse(person=payment.member_id, by=by, error=PaymentError)
    return payment


def _change(payment: Payment, *, status: str, by: User | None, note: str = "", **fields) -> Payment:
    payment.status = status
    for name, value in fields.items():
        setattr(payment, name, value)
    payment.save(update_fields=["status", *fields])
    PaymentEvent.objects.create(payment=payment, status=status, by=by, note=note[:300])
    return payment


@transaction.atomic
def payment_release_hold(*, payment: Payment, by: User, note: str) -> Payment:
    """Staff talked with a member on benefits; the payment can go ahead."""
    payment = _locked(payment, by=by)
    if payment.status != Payment.Status.HELD:
        raise PaymentError(_("Only a held payment can be released."))
    if not note.strip():
        raise PaymentError(_("Say what you agreed with the member."))
    return _change(payment, status=Payment.Status.PROPOSED, by=by, note=note)


@transaction.atomic
def payment_approve(*, payment: Payment, by: User) -> Payment:
    """A second person checks and approves: never the one who proposed it."""
    payment = _locked(payment, by=by)
    if payment.status != Payment.Status.PROPOSED:
        raise PaymentError(_("Only a proposed payment can be approved."))
    if payment.proposed_by_id == by.pk:
        raise PaymentError(_("Someone other than the person who proposed it must approve it."))
    if (
        payment.involvement_id
        and not Involvement.objects.filter(pk=payment.involvement_id, attended=True).exists()
    ):
        raise PaymentError(_("The involvement now says they did not take part: cancel it."))
    return _change(payment, status=Payment.Status.APPROVED, by=by, approved_by=by)


@transaction.atomic
def payment_mark_paid(
    *, payment: Payment, by: User, paid_on: datetime.date, reference: str
) -> Payment:
    """Record an approved payment paid. From now on it counts in the tax year of the day
    it was paid, not of the activity: HMRC and the benefits rules count money when it is
    received, so the statement, the running totals and retention all follow `paid_on`."""
    payment = _locked(payment, by=by)
    if payment.status != Payment.Status.APPROVED:
        raise PaymentError(
            _("Only an approved payment can be marked paid (this one is %(status)s).")
            % {"status": payment.get_status_display().lower()}
        )
    if paid_on > timezone.localdate():
        raise PaymentError(_("The date paid cannot be in the future."))
    if paid_on < payment.activity_date:
        # The date paid decides the tax year: a slip of the year would move the money.
        raise PaymentError(
            _("The date paid cannot be before the activity (%(date)s).")
            % {"date": format_date(payment.activity_date, weekday=False)}
        )
    if not reference.strip():
        raise PaymentError(_("Enter the payment reference from finance."))
    return _change(
        payment,
        status=Payment.Status.PAID,
        by=by,
        paid_on=paid_on,
        paid_reference=reference.strip()[:60],
        tax_year=tax_year(paid_on),
    )


@transaction.atomic
def payment_cancel(*, payment: Payment, by: User, note: str) -> Payment:
    payment = _locked(payment, by=by)
    if payment.status in (Payment.Status.PAID, Payment.Status.CANCELLED):
        raise PaymentError(_("A paid or cancelled payment cannot be cancelled."))
    if FinanceExportLine.objects.filter(payment=payment).exists():
        raise PaymentError(
            _("Finance already has this payment in an export: ask them to stop it first.")
        )
    if not note.strip():
        raise PaymentError(_("Say why the payment is cancelled."))
    return _change(payment, status=Payment.Status.CANCELLED, by=by, note=note)


EXPORT_HEADINGS = [
    "payee_reference",
    "amount",
    "method",
    "reason",
    "activity",
    "activity_date",
    "tax_year",
    "cost_code",
    "payment_id",
]


@transaction.atomic
def finance_export_create(
    *, period_start: datetime.date, period_end: datetime.date, by: User
) -> tuple[FinanceExport, str]:
    """Every approved payment for activities in the period not exported before, as CSV,
    and the record of which export held which payment (so none is paid twice or missed).
    Vouchers and bank transfers both go; declined payments are not money to pay."""
    if period_end < period_start:
        raise PaymentError(_("The end of the period must be on or after its start."))
    if not _finance_export_lock():
        raise PaymentError(
            _(
                "Someone is making a finance export right now. Try again in a minute: "
                "payments already exported are never exported twice."
            )
        )
    payments = list(
        Payment.objects.select_for_update(of=("self",))
        .filter(
            status=Payment.Status.APPROVED,
            activity_date__range=(period_start, period_end),
            export_line__isnull=True,
        )
        .exclude(method=Payment.Method.DECLINED)
        .order_by("activity_date", "pk")
    )
    export = FinanceExport.objects.create(
        period_start=period_start, period_end=period_end, created_by=by
    )
    FinanceExportLine.objects.bulk_create(
        [FinanceExportLine(export=export, payment=payment) for payment in payments]
    )
    return export, finance_export_csv(payments)


# One number for the PostgreSQL advisory lock that lets one finance export run at a time.
FINANCE_EXPORT_LOCK = 7_241_012


def _finance_export_lock() -> bool:
    """Take the finance-export lock for this transaction, if nobody holds it.

    Two exports at once both locked the same payments; the second, once the first had
    committed, still chose them (its "not exported yet" test reads another table) and
    failed on the one-export-per-payment rule with a 500. SQLite runs one writer at a
    time anyway."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FINANCE_EXPORT_LOCK])
        return bool(cursor.fetchone()[0])


def finance_export_csv(payments) -> str:
    """The CSV finance gets; made again from an export's lines if a download was lost."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_HEADINGS)
    for p in payments:
        writer.writerow(
            [
                p.payee_reference,
                f"{p.amount:.2f}",
                p.get_method_display(),
                spreadsheet_safe(p.reason),
                spreadsheet_safe(p.activity),
                p.activity_date.isoformat(),
                p.tax_year,
                spreadsheet_safe(p.cost_code),
                p.pk,
            ]
        )
    return out.getvalue()


@transaction.atomic
def payments_follow_involvements(*, involvements: list[Involvement]) -> int:
    """Involvement was recorded or corrected: payments not yet approved follow it
    (cancelled if they did not take part, re-worked if the hours changed), each change
    in the history. Approved ones are left for staff, and approval refuses them if they
    did not take part. One query for many involvements when nothing needs to change."""
    by_pk = {involvement.pk: involvement for involvement in involvements}
    changed = 0
    for payment in (
        # The payments and their cards locked, as before; not the involvement or activity.
        Payment.objects.select_for_update(of=("self", "rate_card"))
        .filter(
            involvement__in=list(by_pk), status__in=[Payment.Status.PROPOSED, Payment.Status.HELD]
        )
        .select_related("rate_card", "involvement__activity")
        .order_by("pk")
    ):
        involvement = by_pk[payment.involvement_id]
        if not involvement.attended or involvement.hours <= 0:
            _change(
                payment,
                status=Payment.Status.CANCELLED,
                by=None,
                note=_("The involvement was corrected: they did not take part."),
            )
            changed += 1
            continue
        basis, amount = payment_for_activity(
            payment.involvement.activity.kind, involvement.hours, payment.rate_card.rates()
        )
        if amount != payment.amount or involvement.hours != payment.hours:
            note = _("Hours corrected from %(old)s to %(new)s: £%(before)s becomes £%(after)s.") % {
                "old": payment.hours,
                "new": involvement.hours,
                "before": payment.amount,
                "after": amount,
            }
            _change(
                payment,
                status=payment.status,
                by=None,
                note=note,
                hours=involvement.hours,
                basis=basis,
                amount=amount,
            )
            changed += 1
    return changed
