"""Payments for time, their history, and the finance exports that pay them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reciprocity.models.rate_cards import MONEY, RateCard


class Payment(models.Model):
    """A payment for a member's time on one activity. Its changes are append-only
    events; nothing is edited away. After erasure the member link goes and the payee
    reference stays (pseudonymised), for the retention period."""

    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        VOUCHER = "voucher", _("Voucher")
        DECLINED = "declined", _("Declined by the member")

    class Status(models.TextChoices):
        HELD = "held", _("Held: talk to the member first (benefits)")
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")
        DECLINED = "declined", _("Declined by the member")
        CANCELLED = "cancelled", _("Cancelled")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    payee_reference = models.CharField(_("payee reference"), max_length=20, db_index=True)
    involvement = models.ForeignKey(
        "involvement.Involvement",
        null=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    idempotency_key = models.CharField(max_length=80, unique=True)
    activity = models.CharField(_("activity"), max_length=200)
    activity_date = models.DateField(_("activity date"), db_index=True)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    basis = models.CharField(max_length=10)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    method = models.CharField(max_length=10, choices=Method.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    tax_year = models.CharField(max_length=7, db_index=True)
    reason = models.CharField(_("reason"), max_length=300)
    cost_code = models.CharField(_("cost code"), max_length=40, blank=True)
    rate_card = models.ForeignKey(RateCard, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_on = models.DateField(null=True, blank=True)
    paid_reference = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-activity_date", "pk"]
        indexes = [models.Index(fields=["status", "activity_date"])]
        permissions = [
            ("propose_payment", _("Can generate payments from involvement")),
            ("approve_payment", _("Can approve payments and record them paid")),
            ("export_payment", _("Can export approved payments for finance")),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} to {self.payee_reference} for {self.activity}"


class PaymentEvent(models.Model):
    """One change to a payment: who, when, what and why. Never edited or deleted."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=Payment.Status.choices)
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"


class FinanceExport(models.Model):
    """A CSV of approved payments handed to finance, and exactly which ones it held."""

    period_start = models.DateField()
    period_end = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Finance export {self.created_at:%Y-%m-%d %H:%M}"


class FinanceExportLine(models.Model):
    export = models.ForeignKey(FinanceExport, on_delete=models.CASCADE, related_name="lines")
    # One export per payment, ever: nothing is paid twice.
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="export_line")

    def __str__(self) -> str:
        return f"{self.export} · {self.payment}"
