"""What this app adds to a member's data download; and what erasure leaves (payments
stay for finance, pseudonymised: their member link is set to null by the foreign key,
the payee reference stays)."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from members.services.personal_data import personal_data_requested
from reciprocity.models import Payment


@receiver(personal_data_requested, dispatch_uid="reciprocity.personal_data")
def personal_data(sender, user, **kwargs):
    payments = Payment.objects.filter(member=user).order_by("activity_date", "pk")
    return (
        _("Your payments"),
        [
            {
                _("Activity"): p.activity,
                _("Date"): p.activity_date,
                _("Amount"): f"£{p.amount:.2f}",
                _("How"): p.get_method_display(),
                _("Status"): p.get_status_display(),
                _("Tax year"): p.tax_year,
                _("Payee reference"): p.payee_reference,
            }
            for p in payments
        ],
    )
