"""Rate cards, payments for time, the finance exports that pay them, expenses and
skills gained: one module per area, re-exported here."""

from reciprocity.models.expenses import (
    DraftReceipt,
    ExpenseClaim,
    ExpenseEvent,
    ExpenseItem,
    ReceiptStorage,
    receipt_path,
    receipts_storage,
)
from reciprocity.models.payments import FinanceExport, FinanceExportLine, Payment, PaymentEvent
from reciprocity.models.rate_cards import RateCard
from reciprocity.models.skills import SkillGained

# receipts_storage and receipt_path: migrations 0003 and 0007 name them at this path.
__all__ = [
    "DraftReceipt",
    "ExpenseClaim",
    "ExpenseEvent",
    "ExpenseItem",
    "FinanceExport",
    "FinanceExportLine",
    "Payment",
    "PaymentEvent",
    "RateCard",
    "ReceiptStorage",
    "SkillGained",
    "receipt_path",
    "receipts_storage",
]
