"""The "Waiting for you" panel on the staff admin's home page: what is waiting for this
member of staff to act on, with counts and links, each kind shown only to staff who
may act on it.

Each app adds its own kinds through the Wagtail hook `roundtable_waiting_work`
(WAITING_WORK_HOOK), so home never imports the apps above it:

    # members/wagtail_hooks.py
    hooks.register(WAITING_WORK_HOOK, memberships.membership_requests_waiting)

    # members/admin/memberships.py
    def membership_requests_waiting(request) -> WaitingWork | None:
        if not may(request.user, permission=PERMISSION):
            return None                               # not theirs to act on: not shown
        return WaitingWork(label=_("Membership requests"), count=..., url=..., order=10)

A function answers with one COUNT query at most, so the panel costs a fixed number of
queries however much is waiting.
"""

from dataclasses import dataclass

from wagtail import hooks
from wagtail.admin.ui.components import Component

WAITING_WORK_HOOK = "roundtable_waiting_work"


@dataclass(frozen=True)
class WaitingWork:
    label: str  # what is waiting, as the screen that deals with it is called
    count: int
    url: str  # that screen, showing what is waiting
    order: int = 100


def waiting_work(request) -> list[WaitingWork]:
    """Every kind of work this person may act on, in the apps' order."""
    found = [
        item for contribute in hooks.get_hooks(WAITING_WORK_HOOK) if (item := contribute(request))
    ]
    return sorted(found, key=lambda item: (item.order, item.label))


class WaitingWorkPanel(Component):
    name = "waiting_work"
    template_name = "home/admin/waiting_work.html"
    order = 10  # before Wagtail's own panels: this is what staff came for

    def __init__(self, items: list[WaitingWork]):
        self.items = items

    def get_context_data(self, parent_context=None):
        return {"items": self.items, "anything": any(item.count for item in self.items)}


def waiting_work_panel_add(request, panels) -> None:
    """Wagtail's `construct_homepage_panels` hook: the panel, for staff with any kind
    of work to see (none for those who have none)."""
    items = waiting_work(request)
    if items:
        panels.insert(0, WaitingWorkPanel(items))
