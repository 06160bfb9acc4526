"""Extension points of `home`, declared once: where the apps above it add to the site's
shell (home never imports them). Each is a Django signal; the apps connect their
receivers in their own `ready()`.

`site_sections(sender=None)`: return a `Section`: a part of the site a first-time
visitor comes looking for (the opportunities listing, the reference groups), as the
type of its page directly under the home page. Each such page that is live and public
is a start point on the home page and, unless staff keep it out of menus, comes first
in the main navigation under its short name, in `order`: on a phone the header moves
what does not fit under "More", so what people came for must come first. The pages are
found with the menu's own query (home.context_processors) and kept with the public
pages (home.page_cache), so the sections cost no query of their own.
"""

from dataclasses import dataclass

from django.dispatch import Signal

site_sections = Signal()


@dataclass(frozen=True)
class Section:
    order: int  # lower first
    page_model: type  # the page type, e.g. OpportunityIndexPage
    nav_label: str  # short: "Opportunities"
    start_label: str  # what the visitor wants to do: "Find an opportunity"
    description: str  # one sentence under the start point


def sections() -> list[Section]:
    """The sections the apps offer, in order."""
    found = [answer for _receiver, answer in site_sections.send(sender=None)]
    return sorted((s for s in found if isinstance(s, Section)), key=lambda s: s.order)
