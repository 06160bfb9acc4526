"""Rate cards, payments for time, the finance exports that pay them, and expenses."""

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reciprocity.money import Rates

MONEY = {"max_digits": 8, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000"))]


class RateCardQuerySet(models.QuerySet):
    def in_force(self, on):
        """The card that applied on a date: the latest valid from on or before it."""
        return self.filter(valid_from__lte=on).order_by("-valid_from").first()


class RateCard(models.Model):
    """The organisation's payment policy from a date. Edited by admins; a new policy is a
    new card with a later date, so past payments keep the rates they were made with."""

    name = models.CharField(_("name"), max_length=120)
    valid_from = models.DateField(_("valid from"), unique=True)
    is_example = models.BooleanField(
        _("example only"),
        default=False,
        help_text=_("Demo data: replace it with your organisation's own policy."),
    )
    hourly = models.DecimalField(_("an hour"), validators=NOT_NEGATIVE, **MONEY)
    half_day = models.DecimalField(_("half a day"), validators=NOT_NEGATIVE, **MONEY)
    full_day = models.DecimalField(_("a full day"), validators=NOT_NEGATIVE, **MONEY)
    per_document_review = models.DecimalField(
        _("reviewing a document"), validators=NOT_NEGATIVE, **MONEY
    )
    per_meeting_from_home = models.DecimalField(
        _("a meeting from home"), validators=NOT_NEGATIVE, **MONEY
    )
    mileage_per_mile = models.DecimalField(
        _("mileage, a mile"), validators=NOT_NEGATIVE, max_digits=6, decimal_places=3
    )
    food_cap = models.DecimalField(_("food, most a day"), validators=NOT_NEGATIVE, **MONEY)
    carer_cover_per_hour = models.DecimalField(
        _("childcare or carer cover, an hour"), validators=NOT_NEGATIVE, **MONEY
    )
    support_worker_per_hour = models.DecimalField(
        _("support worker, an hour"), validators=NOT_NEGATIVE, **MONEY
    )
    # Limits on what a member may claim (one cost; one activity): more is a typing slip,
    # or a call to the team first. Part of the policy, so dated and edited with it.
    expense_item_max = models.DecimalField(
        _("expenses: most for one cost"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10000"))],
        default=Decimal("1000.00"),
        help_text=_("A member typing more for one cost is asked to check it or call us."),
        **MONEY,
    )
    expense_claim_max = models.DecimalField(
        _("expenses: most for one activity"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10000"))],
        default=Decimal("1500.00"),
        help_text=_(
            "The most a member may claim for one activity, all their claims together "
            "(claims turned down do not count)."
        ),
        **MONEY,
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RateCardQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("rate card")

    def __str__(self) -> str:
        label = f"{self.name} (from {self.valid_from:%d %b %Y})"
        return f"{label} — example" if self.is_example else label

    def rates(self) -> Rates:
        return Rates(hourly=self.hourly, half_day=self.half_day, full_day=self.full_day)


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
        "opportunities.Involvement",
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


class ReceiptStorage(FileSystemStorage):
    """Private: outside MEDIA_ROOT, no URL; files are served by a view that checks who
    asks. The folder is read from settings each time (tests point it elsewhere)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT / "receipts")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def receipts_storage():
    return ReceiptStorage()


# The extension each kind of receipt is stored with (reciprocity/receipts.py detects it).
RECEIPT_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def receipt_path(item, filename: str) -> str:
    """A random name: the name the member gave the file can hold their name. The
    extension is the detected type's, never the uploaded one: a file called "x.html"
    or "x.svg" that is really a PDF is stored as .pdf, so nothing that serves or opens
    the folder can take it for a web page."""
    extension = RECEIPT_EXTENSIONS.get(item.receipt_type, "")
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ExpenseClaim(models.Model):
    """A member's claim for what taking part cost them. Shown apart from payments for
    time: expenses are paid back, not earned."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Sent, waiting for staff")
        QUERIED = "queried", _("Staff have a question")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="expense_claims",
    )
    payee_reference = models.CharField(max_length=20, db_index=True)
    involvement = models.ForeignKey(
        "opportunities.Involvement", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.CharField(max_length=200)
    activity_date = models.DateField()
    tax_year = models.CharField(max_length=7, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    message = models.TextField(_("message from staff"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "pk"]
        permissions = [("decide_expenseclaim", _("Can approve or query expense claims"))]

    def __str__(self) -> str:
        return f"Expenses for {self.activity} ({self.payee_reference})"

    @property
    def total(self):
        return sum((item.amount for item in self.items.all()), Decimal("0.00"))


class ExpenseItem(models.Model):
    class Kind(models.TextChoices):
        MILEAGE = "mileage", _("Travel by car (mileage)")
        PUBLIC_TRANSPORT = "transport", _("Public transport or taxi")
        PARKING = "parking", _("Parking")
        CARER = "carer", _("Childcare or carer cover")
        SUPPORT_WORKER = "support", _("Support worker")
        FOOD = "food", _("Food and drink")
        OTHER = "other", _("Something else")

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=200, blank=True)
    miles = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(validators=[MinValueValidator(Decimal("0"))], **MONEY)
    receipt = models.FileField(upload_to=receipt_path, storage=receipts_storage, blank=True)
    receipt_type = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: £{self.amount}"


class ExpenseEvent(models.Model):
    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=ExpenseClaim.Status.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"


class SkillGained(models.Model):
    """A skill a member used or built: from an activity (its opportunity's skills), or
    added by staff; training will add more. Part of the member's statement."""

    class Source(models.TextChoices):
        INVOLVEMENT = "involvement", _("From taking part")
        STAFF = "staff", _("Added by staff")
        TRAINING = "training", _("From training")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills_gained"
    )
    skill = models.ForeignKey("members.Skill", on_delete=models.PROTECT, related_name="+")
    gained_on = models.DateField()
    activity = models.CharField(max_length=200, blank=True)
    involvement = models.ForeignKey(
        "opportunities.Involvement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["gained_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "skill", "involvement"], name="one_skill_per_involvement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.gained_on})"
