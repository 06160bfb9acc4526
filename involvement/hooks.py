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

`applicant_badges(sender=Activity, member_ids=[…])`: return `{member id: [badge, …]}`
for what your app knows about these people that staff choosing for another activity
should see beside their names, e.g. training's "Induction not done". A badge is a plain
string (its label), or a `Badge(label, needs_reason=True)` when staff who select that
person must say why (recorded with the selection, shown to staff, never sent to the
person). One call per page of people, so answer it with one query, not one per person.
How opportunities shows what training knows (and the reverse) without either importing
the other (involvement.selectors.applicant_badges, which always gives `Badge`s).

`researcher_badges(sender=User, researcher_ids=[…])`: the same for researchers, shown
to staff beside a researcher's request for input, e.g. training's "Researcher's course
not done" (involvement.selectors.researcher_badges). One query for all of them.

`researcher_notices(sender=User, researcher=…, where=…, has_sent_request=bool)`:
return a list of `Notice`s (text, and a link's words and address) to show a researcher
on the pages of their requests for input: `where` is "request_start" (their requests
and the first page of a new one) or "request_sent" (the page after sending one).
`has_sent_request` says whether they have ever sent one (the app that keeps requests
knows; the one answering need not import it). E.g. training's invitation to its course
for researchers (involvement.selectors.researcher_notices).

`research_request_sent(sender=User, researcher=…, first=bool)`: a researcher sent a
request for input; `first` when it is the first they ever sent (not a resend after
changes). Sent inside the writer's transaction. E.g. training invites them to its
course for researchers by email, once.

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

from dataclasses import dataclass

from django.dispatch import Signal

involvement_recorded = Signal()
activity_admin_url = Signal()
applicant_badges = Signal()
researcher_badges = Signal()
researcher_notices = Signal()
research_request_sent = Signal()
involvement_payments = Signal()
payment_offer_words = Signal()


@dataclass(frozen=True)
class Badge:
    """A word for staff beside a person's name (applicant_badges, researcher_badges).
    `needs_reason`: staff selecting this person must say why (e.g. "Induction not
    done"). Shown as its label."""

    label: str
    needs_reason: bool = False

    def __str__(self) -> str:
        return str(self.label)


@dataclass(frozen=True)
class Notice:
    """Something a researcher should know on their requests' pages (researcher_notices):
    plain words, then a link (its words and address), and whether it is something they
    need to do (`required`) rather than a recommendation."""

    text: str
    link_text: str = ""
    url: str = ""
    required: bool = False
