"""Receivers: payments and skills follow recorded involvement (involvement.hooks), and
skills follow courses completed or revoked (training.hooks); what
this app adds to the account page, the member record and a member's data download; and
what erasure leaves (payments stay for finance, pseudonymised: their member link is set
to null by the foreign key, the payee reference stays)."""

import os

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from home.page_cache import people_changed, public_pages_changed
from involvement.hooks import involvement_payments, involvement_recorded, payment_offer_words
from members.hooks import (
    account_erasing,
    account_sections,
    member_record_sections,
    personal_data_files_requested,
    personal_data_requested,
)
from reciprocity.forms import SkillGainedForm
from reciprocity.models import (
    DraftReceipt,
    ExpenseClaim,
    ExpenseEvent,
    ExpenseItem,
    Payment,
    PaymentEvent,
    RateCard,
    SkillGained,
)
from reciprocity.money import PER_DOCUMENT, PER_MEETING
from reciprocity.selectors import expenses_offer
from reciprocity.services.expense_drafts import draft_receipts_delete
from reciprocity.services.payments import payments_follow_involvements
from reciprocity.services.skills import (
    skills_record_from_completion,
    skills_record_from_involvements,
    skills_remove_from_completion,
)
from training.hooks import course_completed, course_completion_revoked


@receiver(involvement_recorded, dispatch_uid="reciprocity.follow_involvement")
def follow_involvement(sender, involvements, **kwargs):
    """Payments not yet approved follow corrected involvement; and taking part in an
    activity counts as using the skills it asked for. Every kind of activity alike, and
    many involvements at once when they were recorded together."""
    payments_follow_involvements(involvements=involvements)
    skills_record_from_involvements(involvements=involvements)


@receiver(course_completed, dispatch_uid="reciprocity.skills_from_training")
def follow_course_completed(sender, completion, **kwargs):
    """A course completed gives the skills it names (inside the completion's transaction:
    kept or undone with it)."""
    skills_record_from_completion(completion=completion)


@receiver(course_completion_revoked, dispatch_uid="reciprocity.skills_from_training_revoked")
def follow_course_completion_revoked(sender, completion, **kwargs):
    skills_remove_from_completion(completion=completion)


# What a member sees of a payment on their applications' timeline (opportunities):
# only what staff have decided; a payment still being worked out shows nothing yet.
SHOWN_TO_MEMBER = [Payment.Status.APPROVED, Payment.Status.PAID, Payment.Status.DECLINED]


@receiver(involvement_payments, dispatch_uid="reciprocity.involvement_payments")
def involvement_payments_receiver(sender, involvement_ids, **kwargs):
    """The payment for each involvement, as far as the member may see it (one query)."""
    rows = Payment.objects.filter(
        involvement_id__in=involvement_ids, status__in=SHOWN_TO_MEMBER
    ).values("involvement_id", "status", "amount", "paid_on")
    return {
        row["involvement_id"]: {
            "status": row["status"],
            "amount": row["amount"],
            "paid_on": row["paid_on"],
        }
        for row in rows
    }


@receiver(post_save, sender=Payment, dispatch_uid="reciprocity.person.payment")
def on_payment_changed(sender, instance, **kwargs):
    # Members' own pages show their payments' progress (the applications' timeline,
    # kept per person: home.page_cache). Payments made in bulk say so themselves.
    people_changed(instance.member_id)


@receiver(post_save, sender=RateCard, dispatch_uid="reciprocity.everyone.rate_card")
@receiver(post_delete, sender=RateCard, dispatch_uid="reciprocity.everyone.rate_card_deleted")
def on_rate_card_changed(sender, instance, **kwargs):
    # Whether "Claim expenses" is offered depends on a rate card covering the activity
    # (selectors.involvements_to_offer), on everyone's cached account page.
    public_pages_changed()


def _pounds(amount) -> str:
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


@receiver(payment_offer_words, dispatch_uid="reciprocity.payment_offer_words")
def payment_offer_words_receiver(sender, kind, on, **kwargs):
    """The rate card in force on `on`, for an activity of `kind`, in plain words."""
    card = RateCard.objects.in_force(on)
    if card is None:
        return None
    paid_as = card.rates().paid_as.get(kind)
    if paid_as == PER_MEETING:
        return _("%(amount)s for each meeting.") % {"amount": _pounds(card.per_meeting_from_home)}
    if paid_as == PER_DOCUMENT:
        return _("%(amount)s for each document you review.") % {
            "amount": _pounds(card.per_document_review)
        }
    return _(
        "%(hourly)s an hour for up to 3 hours, %(half_day)s for up to half a day, "
        "%(full_day)s for a longer day."
    ) % {
        "hourly": _pounds(card.hourly),
        "half_day": _pounds(card.half_day),
        "full_day": _pounds(card.full_day),
    }


@receiver(account_sections, dispatch_uid="reciprocity.account_section")
def account_section(sender, request, **kwargs):
    """What they received; "Claim expenses" only when there is something to claim for,
    otherwise when that usually comes and whom to ask (issue 14, item 2). Cached with
    the account page: recording involvement and sending a claim call people_changed."""
    if not request.user.has_role("Member"):
        return None
    return (
        "reciprocity/includes_account_section.html",
        {
            **expenses_offer(request.user),
            "recorded_within": settings.INVOLVEMENT_RECORDED_WITHIN_WORKING_DAYS,
        },
    )


@receiver(member_record_sections, dispatch_uid="reciprocity.member_record")
def member_record_section(sender, person, request, **kwargs):
    """Running totals per tax year, so staff can spot members near limits that matter
    to them (benefits, tax). Approved and paid payments only."""
    if not request.user.has_perm("reciprocity.view_payment"):
        return None
    rows = (
        Payment.objects.filter(member=person, status__in=["approved", "paid"])
        .values("tax_year")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("-tax_year")
    )
    return (
        "reciprocity/admin/includes_member_record.html",
        {
            "years": list(rows),
            "person": person,
            "skills": SkillGained.objects.filter(member=person).select_related("skill"),
            "skill_form": SkillGainedForm(),
            # Nobody adds to their own record (members.services.own_record).
            "can_add_skill": request.user.has_perm("reciprocity.add_skillgained")
            and person.pk != request.user.pk,
        },
    )


@receiver(personal_data_requested, dispatch_uid="reciprocity.personal_data")
def personal_data(sender, user, **kwargs):
    payments = (
        Payment.objects.filter(member=user)
        .order_by("activity_date", "pk")
        .prefetch_related("events")
    )
    claims = ExpenseClaim.objects.filter(member=user).prefetch_related("items", "events")
    skills = SkillGained.objects.filter(member=user).select_related("skill")
    return (
        _("Your payments and skills"),
        {
            _("Payments"): [
                {
                    _("Activity"): p.activity,
                    _("Date"): p.activity_date,
                    _("Amount"): f"£{p.amount:.2f}",
                    _("How"): p.get_method_display(),
                    _("Status"): p.get_status_display(),
                    _("Tax year"): p.tax_year,
                    _("Payee reference"): p.payee_reference,
                    _("Hours"): str(p.hours),
                    _("Why"): p.reason,
                    _("Paid on"): p.paid_on,
                    _("Payment reference"): p.paid_reference,
                    _("History"): [
                        {
                            _("When"): event.at,
                            _("Status"): event.get_status_display(),
                            _("Note"): event.note,
                        }
                        for event in p.events.all()
                    ],
                }
                for p in payments
            ],
            _("Expense claims"): [
                {
                    _("Activity"): c.activity,
                    _("Date"): c.activity_date,
                    _("Status"): c.get_status_display(),
                    _("Sent"): c.submitted_at,
                    _("Message from staff"): c.message,
                    _("Costs"): [
                        {
                            _("Kind"): i.get_kind_display(),
                            _("Description"): i.description,
                            _("Miles"): str(i.miles) if i.miles is not None else "",
                            _("Amount"): f"£{i.amount:.2f}",
                            _("Receipt"): f"files/{_receipt_path(i)}" if i.receipt else "",
                        }
                        for i in c.items.all()
                    ],
                    _("History"): [
                        {
                            _("When"): event.at,
                            _("Status"): event.get_status_display(),
                            _("Message"): event.note,
                        }
                        for event in c.events.all()
                    ],
                }
                for c in claims
            ],
            _("Skills gained"): [
                {_("Skill"): s.skill.name, _("Date"): s.gained_on, _("Activity"): s.activity}
                for s in skills
            ],
            _("Receipts for a claim not sent yet"): [
                {_("Added"): r.created_at, _("File"): f"files/{_draft_receipt_path(r)}"}
                for r in DraftReceipt.objects.filter(member=user).order_by("pk")
            ],
        },
    )


def _receipt_path(item: ExpenseItem) -> str:
    extension = os.path.splitext(item.receipt.name)[1].lower()
    return f"receipts/claim-{item.claim_id}-cost-{item.pk}{extension}"


def _draft_receipt_path(row: DraftReceipt) -> str:
    extension = os.path.splitext(row.receipt.name)[1].lower()
    return f"receipts-not-sent/receipt-{row.pk}{extension}"


@receiver(personal_data_files_requested, dispatch_uid="reciprocity.personal_data_files")
def personal_data_files(sender, user, **kwargs):
    """The receipts themselves, under the names the data section gives them."""
    items = ExpenseItem.objects.filter(claim__member=user).exclude(receipt="")
    drafts = DraftReceipt.objects.filter(member=user)
    return [(_receipt_path(item), item.receipt) for item in items] + [
        (_draft_receipt_path(row), row.receipt) for row in drafts
    ]


@receiver(account_erasing, dispatch_uid="reciprocity.erase")
def erase(sender, user, **kwargs):
    """Payments and claims stay for finance, pseudonymised: the member link goes with the
    user row (SET_NULL) and everything typed about the person goes now: notes, messages,
    descriptions (they can hold names, addresses, benefits). Skills gained go with the
    user row."""
    removed = _("(removed when the account was erased)")
    PaymentEvent.objects.filter(payment__member=user).exclude(note="").update(note=removed)
    claims = ExpenseClaim.objects.filter(member=user)
    claims.exclude(message="").update(message=removed)
    ExpenseEvent.objects.filter(claim__in=claims).exclude(note="").update(note=removed)
    ExpenseItem.objects.filter(claim__in=claims).exclude(description="").update(description="")
    # Receipts of claims never sent are the person's alone: deleted, files and all.
    draft_receipts_delete(
        member=user, ids=list(DraftReceipt.objects.filter(member=user).values_list("pk", flat=True))
    )
