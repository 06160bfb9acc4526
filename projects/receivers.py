"""Receivers: what projects adds to the pages of the apps below it ("Your projects" and
"What happened next" on the account page), to a person's data download, and what it
removes when an account is erased.

Erasure, decided (issue 18): a person's team rows, agreement acceptances,
endorsements, reflections and check-ins are deleted with them (the database's
cascade); their posts, decision comments and dissent stay, shown as by "a former
member" (the author is set to nothing), so the conversation and the decision log
others took part in still read true. Each area's receivers sit in its own block."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from members.hooks import personal_data_requested
from projects.selectors.reflections import personal_data as reflection_personal_data

# -- projects and team (foundation) --
# -- conversation and progress updates --
# -- team agreement and decisions --
# -- reflections and check-ins --
# Erasure: invitations, reflections, check-ins and confidence check-ins go with the
# person (their foreign keys cascade), so nothing needs doing on account_erasing, and
# the team's totals stop counting them at once (tests/projects/test_reflections.py).


@receiver(personal_data_requested, dispatch_uid="projects.reflections_personal_data")
def reflections_personal_data(sender, user, **kwargs):
    data = reflection_personal_data(user)
    if not any(data.values()):
        return None
    return _("Your reflections and check-ins in research projects"), {
        str(key): value for key, value in data.items()
    }


# -- end reflections and check-ins --
# -- impact reminders and reports --
