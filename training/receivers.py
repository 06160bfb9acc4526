"""Receivers: what training adds to the pages of the apps below it (filled in by the
issue 15 work)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from home.hooks import Section, site_sections
from home.page_cache import public_pages_changed
from involvement.hooks import (
    applicant_badges,
    research_request_sent,
    researcher_badges,
    researcher_notices,
)
from members import roles
from members.hooks import account_sections, personal_data_requested
from training.models import TrainingIndexPage, TrainingSettings
from training.selectors.induction import (
    induction_badges,
    researcher_course_badges,
    researcher_course_notices,
)
from training.selectors.wishes import wish_of
from training.services.induction import researcher_course_invite

# Inductions (TrainingSettings): the shortlist's flag, and the course for researchers.


@receiver(applicant_badges, dispatch_uid="training.induction_badges")
def induction_badges_receiver(sender, member_ids, **kwargs):
    """ "Induction not done" beside applicants who have not completed the members'
    induction (one query for all of them); staff may select them, with a reason."""
    return induction_badges(list(member_ids))


@receiver(researcher_badges, dispatch_uid="training.researcher_course_badges")
def researcher_badges_receiver(sender, researcher_ids, **kwargs):
    return researcher_course_badges(list(researcher_ids))


@receiver(researcher_notices, dispatch_uid="training.researcher_course_notices")
def researcher_notices_receiver(sender, researcher, where, has_sent_request, **kwargs):
    return researcher_course_notices(researcher, where=where, has_sent_request=has_sent_request)


@receiver(research_request_sent, dispatch_uid="training.researcher_course_invite")
def research_request_sent_receiver(sender, researcher, first, **kwargs):
    """After their first request (when the settings say "after"), an invitation, once."""
    if first and researcher is not None:
        researcher_course_invite(researcher=researcher)


# Course pages and the listing may say which course is the induction: cached copies of
# public pages are stale when the settings change.
@receiver(post_save, sender=TrainingSettings, dispatch_uid="training.settings_saved")
def on_settings_saved(sender, **kwargs):
    public_pages_changed()


@receiver(site_sections, dispatch_uid="training.site_section")
def training_section(sender, **kwargs):
    """ "Training and learning": a start point on the home page and an item in the main
    navigation (home.hooks), once its index page is live."""
    return Section(
        order=30,
        page_model=TrainingIndexPage,
        nav_label=_("Training"),
        start_label=_("Find a course"),
        description=_(
            "Courses for members, researchers and staff: how research works, how to take "
            "part, and how to work together well."
        ),
    )


# Training wishes: a section of the account page for members.


@receiver(account_sections, dispatch_uid="training.wishes_account_section")
def wishes_account_section(sender, request, **kwargs):
    user = request.user
    if not user.has_role(roles.MEMBER):
        return None
    # Only a link (no query): the page itself shows what they chose.
    return ("training/includes_wishes_account_section.html", {})


@receiver(personal_data_requested, dispatch_uid="training.wishes_personal_data")
def wishes_personal_data(sender, user, **kwargs):
    """Their answer to "Training you would like", in their data download. (It goes with
    the user row on erasure: cascade.)"""
    wish = wish_of(user)
    return (
        _("Training you would like"),
        {
            _("Skills"): sorted(skill.name for skill in wish.skills.all()) if wish else [],
            _("Anything else"): wish.other if wish else "",
            _("Last changed"): wish.updated_at if wish else None,
        },
    )
