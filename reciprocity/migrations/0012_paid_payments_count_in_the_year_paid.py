"""A paid payment counts in the tax year it was paid (HMRC and the benefits rules count
money when it is received), no longer in the activity's. Payments not yet paid keep the
activity's tax year until they are."""

import datetime

from django.db import migrations


def _tax_year(day: datetime.date) -> str:
    # A copy of reciprocity.money.tax_year as it is today: a migration must not change
    # when the code it once imported does.
    start = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
    return f"{start}-{str(start + 1)[-2:]}"


def follow_date_paid(apps, schema_editor):
    Payment = apps.get_model("reciprocity", "Payment")
    changed = []
    for payment in Payment.objects.filter(status="paid", paid_on__isnull=False).only(
        "pk", "paid_on", "tax_year"
    ):
        year = _tax_year(payment.paid_on)
        if payment.tax_year != year:
            payment.tax_year = year
            changed.append(payment)
    Payment.objects.bulk_update(changed, ["tax_year"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("reciprocity", "0011_rate_card_pays_kinds_of_activity"),
    ]

    # Not reversible to the old years (the activity date is there, but nothing needs it).
    operations = [migrations.RunPython(follow_date_paid, migrations.RunPython.noop)]
