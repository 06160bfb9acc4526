"""Business actions of the home app (the site itself). Commands and views call these."""

from django.db import transaction
from wagtail.models import Site

from home.models import OrganisationSettings


@transaction.atomic
def organisation_set_up(*, name: str, contact_email: str = "") -> OrganisationSettings:
    """Name the organisation that runs the default site (and, if given, its contact
    address): what a new installation shows in its header, page titles and emails
    before anyone opens Admin → Settings → Organisation. Raises ValidationError."""
    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    organisation.name = (name or "").strip()
    if contact_email:
        organisation.contact_email = contact_email.strip()
    organisation.full_clean()
    organisation.save()
    site.site_name = organisation.name
    site.save(update_fields=["site_name"])
    return organisation
