"""Where the apps above `members` add to its pages (members never imports them).

`account_sections(sender=User, request=…)`: return `(template name, context)` for a
section of the "Your account" page, or None. Sections appear after the reference
groups, in the order the apps are installed. The page is kept per person
(home.page_cache.personal_fragment): an app whose section shows a record must say
when that record changes — `people_changed(person id)` for one person's,
`public_pages_changed()` for what reaches many (opportunities/signals.py does both).

`member_record_sections(sender=User, person=…, request=…)`: the same, for the staff's
member record in the admin (never anything from equality monitoring).

`equality_populations(sender=User, start=date, end=date)`: return a list of
`(key, label, user ids)` to compare on the equality dashboard, e.g. the people who
applied, or were selected, in the reporting period. The key is stable ("applicants").
Only published, suppressed counts of them are ever shown (members/disclosure.py).
"""

from django.dispatch import Signal

account_sections = Signal()
member_record_sections = Signal()
equality_populations = Signal()
