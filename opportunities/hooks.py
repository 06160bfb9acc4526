"""Extension points of `opportunities`, declared once: where the app above it
(projects) adds to the staff's screens here (opportunities never imports it). Each is a
Django signal; the apps connect their receivers in their own receivers.py.

`research_request_admin_actions(sender=ResearchRequest, research_request=…, user=…)`:
return a list of `(words, address)` links for the staff's screen of a researcher's
request for input (opportunities/admin/research_requests.py), e.g. projects' "Open a
project" for an accepted request, or "Go to the project" once it has one. Answer
nothing (an empty list or None) where `user` may not follow them. At most one small
query.
"""

from django.dispatch import Signal

research_request_admin_actions = Signal()


def request_admin_actions(*, research_request, user) -> list[tuple[str, str]]:
    """The links the apps above offer on a request's staff screen, in app order."""
    from opportunities.models import ResearchRequest

    found = []
    for _receiver, answer in research_request_admin_actions.send(
        sender=ResearchRequest, research_request=research_request, user=user
    ):
        found.extend(answer or [])
    return found
