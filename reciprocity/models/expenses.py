"""Expense claims, their costs and receipts (kept in private storage), and their history."""

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reciprocity.models.rate_cards import MONEY


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
        # The member took it back before staff acted on it.
        WITHDRAWN = "withdrawn", _("Withdrawn by the member")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="expense_claims",
    )
    payee_reference = models.CharField(max_length=20, db_index=True)
    involvement = models.ForeignKey(
        "involvement.Involvement", null=True, on_delete=models.SET_NULL, related_name="+"
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

    @property
    def member_may_change(self) -> bool:
        """Until staff act on it (approve, ask or turn down), the member may change or
        withdraw it; after that it is the record staff decided on."""
        return self.status == self.Status.SUBMITTED


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


class DraftReceipt(models.Model):
    """A receipt chosen for a claim not sent yet: kept in the same private storage as a
    sent claim's, so it survives the check-your-answers page without the file being sent
    again. The unsent claim itself (members.models.JourneyDraft) names it by id. When the
    claim is sent the file passes to its ExpenseItem (the row goes, the file stays);
    one left behind (abandoned) is deleted with its file after
    settings.EXPENSE_DRAFT_RECEIPT_DAYS (reciprocity.draft_receipts_purge, daily)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    receipt = models.FileField(upload_to=receipt_path, storage=receipts_storage)
    receipt_type = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        # Only the member reaches it, through the claim journey: no staff permission.
        default_permissions = ()

    def __str__(self) -> str:
        return f"Receipt not sent yet ({self.created_at:%Y-%m-%d})"
