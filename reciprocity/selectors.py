"""Reads for reciprocity that are more than a one-line query: what staff may generate
payments for, what a member may claim expenses for, and a member's statement."""

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from home.datetimes import format_tax_year
from involvement.models import Activity, Involvement
from members.models import User
from reciprocity.models import ExpenseClaim, Payment, RateCard, SkillGained
from reciprocity.money import tax_year, tax_year_bounds, totals_by
from training.selectors.completions import completions_between

# --- Payments -------------------------------------------------------------------------


def activities_with_involvement():
    """Activities of any kind that anyone has taken part in, with how many still wait
    for a payment. Ones already paid stay in the list, so generating again is harmless
    and says so."""
    return (
        Activity.objects.filter(Exists(Involvement.objects.filter(activity=OuterRef("pk"))))
        .annotate(
            waiting=Count(
                "involvements",
                filter=Q(involvements__attended=True, involvements__payments__isnull=True),
                distinct=True,
            )
        )
        .order_by("title", "pk")
    )


# --- Expenses -------------------------------------------------------------------------

CLAIM_WITHIN_DAYS = 365


def claimable_involvements(member: User):
    """What the member took part in recently: the activities they may claim for."""
    since = timezone.localdate() - datetime.timedelta(days=CLAIM_WITHIN_DAYS)
    return Involvement.objects.filter(member=member, attended=True, started_on__gte=since)


def involvements_to_offer(member: User):
    """What to offer a claim for: what they may claim for that a rate card covers (the
    limits and rates come from it; without one the claim could only be refused)."""
    priced = RateCard.objects.filter(valid_from__lte=OuterRef("started_on"))
    return claimable_involvements(member).filter(Exists(priced))


def expenses_offer(member: User) -> dict:
    """For the account page, in one query: whether there is something to claim for, and
    whether the member has any claims to see."""
    row = (
        User.objects.filter(pk=member.pk)
        .annotate(
            can_claim=Exists(involvements_to_offer(member)),
            has_claims=Exists(ExpenseClaim.objects.filter(member=OuterRef("pk"))),
        )
        .values("can_claim", "has_claims")
        .first()
    )
    return row or {"can_claim": False, "has_claims": False}


# --- Statements -----------------------------------------------------------------------

# Not paid yet, and still going to be: "To come" on the current year's statement.
TO_COME = [Payment.Status.APPROVED, Payment.Status.PROPOSED, Payment.Status.HELD]


def statement_figures(*, member: User, year: str) -> dict:
    """One tax year ('2026-27', already checked) of a member's statement.

    Payments count in the tax year they were paid, by the date paid: HMRC and the
    benefits rules count money when it is received, not when the work was done. What is
    approved or being checked but not paid yet is "to come", on the current year's
    statement only (it will count in the year it is paid), each with its activity date.
    Hours, expenses and skills stay by the date of the activity; courses completed by
    the date completed."""
    start, end = tax_year_bounds(year)
    current = year == tax_year(timezone.localdate())
    paid = list(
        Payment.objects.filter(
            member=member, status=Payment.Status.PAID, paid_on__range=(start, end)
        ).order_by("paid_on", "pk")
    )
    to_come = (
        list(
            Payment.objects.filter(member=member, status__in=TO_COME).order_by(
                "activity_date", "pk"
            )
        )
        if current
        else []
    )
    hours = Involvement.objects.filter(
        member=member, attended=True, started_on__range=(start, end)
    ).aggregate(total=Sum("hours"))["total"]
    by_method, received = totals_by([(p.get_method_display(), p.amount) for p in paid])
    years = sorted(
        set(Payment.objects.filter(member=member).values_list("tax_year", flat=True))
        | {tax_year(timezone.localdate())},
        reverse=True,
    )
    claims = list(
        ExpenseClaim.objects.filter(
            member=member,
            status=ExpenseClaim.Status.APPROVED,
            activity_date__range=(start, end),
        )
        .prefetch_related("items")
        .order_by("activity_date", "pk")
    )
    return {
        "year": year,
        "year_words": format_tax_year(year),
        "start": start,
        "end": end,
        "current": current,
        "years": [(other, format_tax_year(other)) for other in years],
        "paid": paid,
        "to_come": to_come,
        "to_come_total": sum((p.amount for p in to_come), Decimal("0.00")),
        "hours": hours or 0,
        "by_method": sorted(by_method.items()),
        "received": received,
        "claims": claims,
        "expenses_total": sum((claim.total for claim in claims), Decimal("0.00")),
        # Courses completed in the year, by the date completed (revoked ones are not).
        "training": completions_between(person=member, start=start, end=end),
        "skills": list(
            SkillGained.objects.filter(member=member, gained_on__range=(start, end))
            .select_related("skill")
            .order_by("gained_on", "pk")
        ),
        "vouchers": sum(
            (p.amount for p in paid if p.method == Payment.Method.VOUCHER),
            start=Decimal("0.00"),
        ),
    }
