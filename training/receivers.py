"""Receivers: what training adds to the pages of the apps below it — "Your training" on
the account page, the staff's member record, a person's data download, the shortlist's
"Induction not done", the researchers' course, the site's navigation — and what it
deletes when an account is erased."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from home.hooks import Section, site_sections
from home.page_cache import public_pages_changed
from home.permissions import may
from involvement.hooks import (
    applicant_badges,
    research_request_sent,
    researcher_badges,
    researcher_notices,
)
from members import roles
from members.hooks import (
    account_erasing,
    account_sections,
    member_record_sections,
    personal_data_requested,
)
from training.models import (
    Booking,
    Completion,
    TrainingIndexPage,
    TrainingSettings,
    TrainingWish,
)
from training.selectors.account import training_of
from training.selectors.induction import (
    induction_badges,
    researcher_course_badges,
    researcher_course_notices,
)
from training.selectors.wishes import wish_of
from training.services.bookings import bookings_erase
from training.services.induction import researcher_course_invite

TRAINING_ROLES = (roles.MEMBER, roles.RESEARCHER, roles.INVOLVEMENT_STAFF)


@receiver(account_sections, dispatch_uid="training.account_section")
def account_section(sender, request, **kwargs):
    """ "Your training": sessions booked, waiting-list places, courses completed with
    their certificates, self-paced ones waiting for staff. Kept with the account page
    (home.page_cache.personal_fragment): bookings and completions call people_changed
    when they change; course titles and the listing's address change with publishing,
    which makes every cached page stale."""
    user = request.user
    if not any(user.has_role(role) for role in TRAINING_ROLES):
        return None
    # Members are also asked what training they would like (a link, no query).
    return (
        "training/includes_account_section.html",
        {**training_of(user), "asks_wishes": user.has_role(roles.MEMBER)},
    )


@receiver(member_record_sections, dispatch_uid="training.member_record")
def member_record_section(sender, person, request, **kwargs):
    """The person's bookings (all, with attendance) and completions, for staff who see
    completions; with the way to each completion's page for those who confirm them."""
    if not may(request.user, permission="training.view_completion"):
        return None
    return (
        "training/admin/includes_member_record.html",
        {
            **training_of(person, upcoming_only=False),
            "can_open": may(request.user, permission="training.confirm_completion"),
        },
    )


@receiver(personal_data_requested, dispatch_uid="training.personal_data")
def personal_data(sender, user, **kwargs):
    bookings = Booking.objects.filter(person=user).select_related("session__course")
    completions = Completion.objects.filter(person=user).select_related("course")
    wish = wish_of(user)
    return (
        _("Your training"),
        {
            _("Bookings"): [
                {
                    _("Course"): b.session.course.title,
                    _("Session starts"): b.session.starts_at,
                    _("Status"): b.get_status_display(),
                    _("Booked"): b.booked_at,
                    _("Place given"): b.place_given_at,
                    _("Cancelled"): b.cancelled_at,
                    _("Access needs for this session"): b.access_needs,
                    _("Attendance"): b.get_attendance_display(),
                }
                for b in bookings
            ],
            _("Courses completed"): [
                {
                    _("Course"): c.course.title,
                    _("Status"): c.get_status_display(),
                    _("How"): c.get_how_display(),
                    _("Completed on"): c.completed_on,
                    _("You said you finished it"): c.declared_at,
                    _("Certificate code"): c.certificate_code,
                    _("People with the code can check it"): c.verifiable,
                    _("Revoked"): c.revoked_at,
                    _("Why it was revoked"): c.revoked_reason,
                }
                for c in completions
            ],
            _("Training you would like"): (
                {
                    _("Skills"): [skill.name for skill in wish.skills.all()],
                    _("Anything else"): wish.other,
                }
                if wish
                else {}
            ),
        },
    )


@receiver(account_erasing, dispatch_uid="training.erase")
def erase(sender, user, **kwargs):
    """Bookings, completions (their certificates then no longer check: the public page
    says it cannot confirm the code) and training wishes go. The skills they gave go
    with the completions (reciprocity's foreign key cascades). A place they held on a
    session still to come goes to the next person waiting."""
    bookings_erase(person=user)
    Completion.objects.filter(person=user).delete()
    TrainingWish.objects.filter(person=user).delete()


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
