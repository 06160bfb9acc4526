"""Receivers: what training adds to the pages of the apps below it — "Your training" on
the account page, the staff's member record, a person's data download — and what it
deletes when an account is erased."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from home.permissions import may
from members import roles
from members.hooks import (
    account_erasing,
    account_sections,
    member_record_sections,
    personal_data_requested,
)
from training.models import Booking, Completion, TrainingWish
from training.selectors.account import training_of
from training.services.bookings import bookings_erase

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
    return ("training/includes_account_section.html", training_of(user))


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
    wish = TrainingWish.objects.filter(person=user).prefetch_related("skills").first()
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
