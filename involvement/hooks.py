"""Every extension point of `involvement`, declared once: how the apps above it hear
that involvement was recorded, and how they say where their activities are run
(involvement never imports them). Each is a Django signal; the apps connect their
receivers in their own receivers.py.

`involvement_recorded(sender=Involvement, involvements=[…])`: involvement was recorded
or corrected by involvement.services, one row or many at once (the bulk writer sends
one event for all of them). Sent inside the writer's transaction, so what a receiver
does (payments following a corrected involvement) is kept or undone with the write.
Rows changed any other way send nothing: write through the services.

`activity_admin_url(sender=Activity, activity=…)`: return the admin address where staff
run this activity (an opportunity's page editor), or None when it is not yours. Screens
that show an activity link to it (involvement.selectors.activity_admin_url).

`applicant_badges(sender=Activity, member_ids=[…])`: return `{member id: [label, …]}`
for what your app knows about these people that staff choosing for another activity
should see beside their names, e.g. training's "Induction done". One call per page of
people, so answer it with one query, not one per person. How opportunities shows what
training knows (and the reverse) without either importing the other
(involvement.selectors.applicant_badges).

`involvement_payments(sender=Involvement, involvement_ids=[…])`: return
`{involvement id: {"status": …, "amount": Decimal, "paid_on": date or None}}` for the
payments for these involvements that the member may see ("approved", "paid" or
"declined"; nothing for one still being worked out). One query for all of them. The
app that answers must also call `people_changed(member id)` whenever one of these
changes, since members' own pages show them (involvement.selectors.
involvement_payments; the applications' timeline).

`payment_offer_words(sender=Activity, kind=Activity.Kind…, on=date)`: return what the
organisation pays for an activity of that kind on that date, in plain words ("£25 an
hour …"), or None when you do not know. How an opportunity made from a researcher's
request states the payment from the rate card without importing the app that keeps it
(involvement.selectors.payment_offer_words).
"""

from django.dispatch import Signal

involvement_recorded = Signal()
activity_admin_url = Signal()
applicant_badges = Signal()
involvement_payments = Signal()
payment_offer_words = Signal()
