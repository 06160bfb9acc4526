"""Where the apps above `members` add to its pages (members never imports them).

`account_sections(sender=User, request=…)`: return `(template name, context)` for a
section of the "Your account" page, or None. Sections appear after the reference
groups, in the order the apps are installed.
"""

from django.dispatch import Signal

account_sections = Signal()
