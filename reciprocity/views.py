"""A member's reciprocity statement: what they gave and what they got back, per tax year."""

import re
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from members import roles
from opportunities.models import Involvement
from reciprocity.models import Payment
from reciprocity.money import tax_year, tax_year_bounds, totals_by

TAX_YEAR = re.compile(r"^\d{4}-\d{2}$")
COUNTED = [Payment.Status.APPROVED, Payment.Status.PAID]


@login_required
def statement(request, year: str = ""):
    """Hours, payments by method and status, vouchers, for one tax year; printable.

    Only ever the signed-in member's own: there is no id in the address to change."""
    if not request.user.has_role(roles.MEMBER):
        raise PermissionDenied
    year = year or tax_year(timezone.localdate())
    if not TAX_YEAR.match(year) or int(year[5:]) != (int(year[:4]) + 1) % 100:
        raise Http404
    start, end = tax_year_bounds(year)
    payments = list(
        Payment.objects.filter(member=request.user, activity_date__range=(start, end)).order_by(
            "activity_date", "pk"
        )
    )
    hours = Involvement.objects.filter(
        member=request.user, attended=True, started_on__range=(start, end)
    ).aggregate(total=Sum("hours"))["total"]
    counted = [p for p in payments if p.status in COUNTED]
    by_method, received = totals_by([(p.get_method_display(), p.amount) for p in counted])
    by_status, _all = totals_by([(p.get_status_display(), p.amount) for p in payments])
    years = sorted(
        set(Payment.objects.filter(member=request.user).values_list("tax_year", flat=True))
        | {tax_year(timezone.localdate())},
        reverse=True,
    )
    return render(
        request,
        "reciprocity/statement.html",
        {
            "year": year,
            "start": start,
            "end": end,
            "years": years,
            "payments": payments,
            "hours": hours or 0,
            "by_method": sorted(by_method.items()),
            "by_status": sorted(by_status.items()),
            "received": received,
            "vouchers": sum(
                (p.amount for p in counted if p.method == Payment.Method.VOUCHER),
                start=Decimal("0.00"),
            ),
        },
    )
