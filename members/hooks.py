"""Every extension point of `members`, declared once: where the apps above it add to its
pages, its data download and its erasure (members never imports them). Each is a Django
signal; the apps connect their receivers in their own `ready()`.

Pages:

`account_sections(sender=User, request=…)`: return `(template name, context)` for a
section of the "Your account" page, or None. Sections appear after the reference
groups, in the order the apps are installed. The page is kept per person
(home.page_cache.personal_fragment): an app whose section shows a record must say
when that record changes — `people_changed(person id)` for one person's,
`public_pages_changed()` for what reaches many (involvement/receivers.py does both).

`member_record_sections(sender=User, person=…, request=…)`: the same, for the staff's
member record in the admin (never anything from equality monitoring).

`group_page_sections(sender=ReferenceGroupPage, group=…, request=…, membership=…)`:
return `(template name, context)` for a section of a reference group's page, or None:
e.g. its upcoming meetings for its members. `membership` is the person's live
membership of this group (None for a visitor or a non-member): show members-only
things only when it is active. Sections appear after the group's profile.

Equality monitoring:

`equality_populations(sender=User, start=date, end=date)`: return a list of
`(key, label, user ids)` to compare on the equality dashboard, e.g. the people who
applied, or were selected, in the reporting period. The key is stable ("applicants").
Only published, suppressed counts of them are ever shown (members/disclosure.py).

`equality_answers_withdrawn(sender=User, member=…)`: the person deleted their equality
answers, or withdrew their consent to the answers being used about them. Remove any
copy of those answers you keep (e.g. a fair lottery's record of what it drew on). Sent
inside the service's transaction, so an exception undoes the deletion or withdrawal.

A member's own data (members/services/personal_data.py):

`personal_data_requested(sender=User, user=…)`: return `(section title, data)`, where
data is JSON-ready (lists and dicts of strings, numbers, dates); it is added to the
download under that title.

`personal_data_files_requested(sender=User, user=…)`: return a list of
`(path in the zip, file)` (a Django File / FieldFile) for files held about the person,
e.g. receipts; the data section names the same path.

`account_erasing(sender=User, user=…)`: delete or pseudonymise what you hold about
the user. Runs inside the erasure's transaction, before the user row is deleted, so an
exception undoes the whole erasure.
"""

from django.dispatch import Signal

account_sections = Signal()
group_page_sections = Signal()
member_record_sections = Signal()
equality_populations = Signal()
equality_answers_withdrawn = Signal()
personal_data_requested = Signal()
personal_data_files_requested = Signal()
account_erasing = Signal()
