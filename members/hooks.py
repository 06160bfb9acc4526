"""Where the apps above `members` add to its pages (members never imports them).

`account_sections(sender=User, request=…)`: return `(template name, context)` for a
section of the "Your account" page, or None. Sections appear after the reference
groups, in the order the apps are installed.

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
