"""What the page editor's own screens need to know about opportunity pages: an
opportunity is never made an alias (registered in wagtail_hooks.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from opportunities.models import OpportunityPage


def opportunity_alias_refuse(request, page):
    """Wagtail's `before_copy_page`: an alias of an opportunity would be a second page
    holding the same activity (one opportunity, one activity, one list of who took
    part). A copy is a new opportunity, with an activity of its own, so it is offered."""
    if request.method != "POST" or not request.POST.get("alias"):
        return None
    aliases_opportunities = issubclass(page.specific_class, OpportunityPage) or (
        # Any page copied with its subpages as aliases: the home page holds them all.
        request.POST.get("copy_subpages")
        and OpportunityPage.objects.descendant_of(page, inclusive=True).exists()
    )
    if not aliases_opportunities:
        return None
    messages.error(
        request,
        _(
            "An opportunity cannot be an alias of another. Make a copy instead "
            "(leave “Alias” unticked)."
        ),
    )
    return redirect("wagtailadmin_pages:copy", page.pk)
