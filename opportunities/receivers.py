"""Signal and hook receivers: a newly published opportunity is announced and its activity
kept in step, what this app adds to members' pages, data download, erasure and
equality figures (members.hooks and members.services.personal_data), and where staff
run an opportunity's activity (involvement.hooks), without those apps importing it."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry
from wagtail.signals import page_published

from home.background import task_enqueue
from home.hooks import Section, site_sections
from home.page_cache import people_changed, public_pages_changed
from involvement.hooks import activity_admin_url
from involvement.models import Activity, Involvement
from involvement.selectors import impact_for_member, involvements_of
from members import roles
from members.hooks import (
    account_erasing,
    account_sections,
    equality_answers_withdrawn,
    equality_populations,
    group_page_sections,
    personal_data_requested,
)
from members.models import GroupMembership
from members.services.personal_data import ERASED_LABEL
from opportunities.lottery_core import NOT_GIVEN
from opportunities.matching.members import recommended_for
from opportunities.models import (
    Application,
    Invitation,
    LotteryEntry,
    MeetingReply,
    NotesCorrection,
    NotForMe,
    OpportunityIndexPage,
    OpportunityPage,
    OpportunitySession,
    ResearchRequest,
)
from opportunities.selectors import opportunities_index_url
from opportunities.selectors.meetings import (
    MEETING_PERMISSION,
    group_meetings_upcoming,
    member_meetings_upcoming,
    replies_of,
)
from opportunities.services.applications import application_withdraw
from opportunities.services.involvement import opportunity_activity_sync
from opportunities.services.lottery import (
    category_label,
    chance_in_words,
    lottery_erase_person,
    lottery_forget_equality,
)
from opportunities.services.meetings import meeting_replies_erase
from opportunities.tasks import announce_new_opportunity

logger = logging.getLogger(__name__)


@receiver(page_published, dispatch_uid="opportunities.announce_new")
def on_page_published(sender, instance, **kwargs):
    """Tell members who want each new opportunity, once (announced_at)."""
    if isinstance(instance, OpportunityPage) and instance.announced_at is None:
        transaction.on_commit(lambda: _announce_later(instance.pk))


@receiver(page_published, dispatch_uid="opportunities.activity_in_step")
def on_page_published_activity(sender, instance, **kwargs):
    """What members take part in follows the published page (title, payment, skills)."""
    if isinstance(instance, OpportunityPage):
        opportunity_activity_sync(opportunity=instance)


# Publishing a page already makes cached pages stale (home.receivers); sessions are
# also written by the demo data, factories and commands, outside any publishing.
@receiver(post_save, sender=OpportunitySession, dispatch_uid="opportunities.session_saved")
@receiver(post_delete, sender=OpportunitySession, dispatch_uid="opportunities.session_deleted")
def on_session_changed(sender, **kwargs):
    """The listing and the page show sessions' dates: cached copies are stale."""
    public_pages_changed()


@receiver(pre_delete, sender=OpportunityPage, dispatch_uid="opportunities.keep_taken_part_in")
def keep_opportunities_taken_part_in(sender, instance, **kwargs):
    """An opportunity someone took part in is not deleted (its applications would go with
    it), as when involvement pointed at the page itself: the involvement app's rows
    point at the activity now, which the page points down at."""
    if Involvement.objects.filter(activity_id=instance.activity_id).exists():
        raise ProtectedError(
            "Someone took part in this opportunity: it is kept with their involvement.",
            {instance},
        )


@receiver(post_delete, sender=OpportunityPage, dispatch_uid="opportunities.activity_goes_too")
def activity_goes_with_its_page(sender, instance, **kwargs):
    """An opportunity nobody took part in takes its activity (and its impact entries and
    skills) with it; one somebody took part in is never deleted (above)."""
    if instance.activity_id is not None:
        Activity.objects.filter(pk=instance.activity_id, involvements__isnull=True).delete()


@receiver(activity_admin_url, dispatch_uid="opportunities.activity_admin_url")
def activity_admin_url_receiver(sender, activity, **kwargs):
    """An opportunity's activity is run from the opportunity's page editor."""
    if activity.kind != Activity.Kind.OPPORTUNITY:
        return None
    page_id = OpportunityPage.objects.filter(activity=activity).values_list("pk", flat=True).first()
    return reverse("wagtailadmin_pages:edit", args=[page_id]) if page_id else None


def _announce_later(page_id: int) -> None:
    if not task_enqueue(announce_new_opportunity, page_id):
        # The page is published; the beat job announce_pending emails members later.
        logger.warning("Opportunity %s will be announced later", page_id)


@receiver(account_sections, dispatch_uid="opportunities.account_section")
def account_section(sender, request, **kwargs):
    user = request.user
    if not user.has_role(roles.MEMBER) and not user.has_role(roles.RESEARCHER):
        return None
    applications = list(
        Application.objects.current()
        .filter(member=user)
        .select_related("opportunity")
        .order_by("-submitted_at")[:5]
    )
    impact = impact_for_member(user, limit=5)
    is_member = user.has_role(roles.MEMBER)
    return (
        "opportunities/includes_account_section.html",
        {
            # None without a profile. Kept with the page (personal_fragment): stale when
            # their profile, applications or "not for me" answers change
            # (people_changed) or opportunities are published (public_pages_changed).
            "recommended": recommended_for(user) if is_member else None,
            "applications": applications,
            "impact": impact,
            "opportunities_url": opportunities_index_url(),
            "is_researcher": user.has_role(roles.RESEARCHER),
            "is_member": is_member,
        },
    )


@receiver(personal_data_requested, dispatch_uid="opportunities.personal_data")
def personal_data(sender, user, **kwargs):
    applications = (
        Application.objects.filter(member=user)
        .select_related("opportunity")
        .prefetch_related("events")
    )
    return (
        _("Your applications and involvement"),
        {
            _("Applications"): [
                {
                    _("Opportunity"): a.opportunity.title,
                    _("Status"): a.get_status_display(),
                    _("Applied"): a.submitted_at,
                    _("Why you were interested"): a.statement,
                    _("Experience"): a.experience,
                    _("Access needs"): a.access_needs,
                    _("Availability"): a.availability,
                    _("Share your name with the researcher"): a.share_name,
                    _("Share your access needs with the researcher"): a.share_access_needs,
                    _("Message from the involvement team"): a.message,
                    # Every change and message, not only the latest.
                    _("History"): [
                        {
                            _("When"): event.at,
                            _("Status"): event.get_status_display(),
                            _("Message"): event.message,
                            # Staff's reason for a selection that needed one: theirs to see.
                            _("Reason recorded by staff"): event.reason,
                        }
                        for event in a.events.all()
                    ],
                }
                for a in applications
            ],
            _("Involvement"): [
                {
                    _("Activity"): i.activity.title,
                    _("Took part"): i.attended,
                    _("Date"): i.started_on,
                    _("Hours"): str(i.hours),
                }
                for i in involvements_of(user)
            ],
            _("Requests for public input"): [
                {
                    **{
                        str(field.verbose_name): _plain(getattr(r, field.name))
                        for field in ResearchRequest._meta.concrete_fields
                        if field.name not in ("id", "researcher")
                    },
                    _("Status"): r.get_status_display(),
                    _("Topics"): sorted(topic.name for topic in r.topics.all()),
                    _("Skills"): sorted(skill.name for skill in r.skills.all()),
                    _("History"): [
                        {
                            _("When"): event.at,
                            _("Status"): event.get_status_display(),
                            _("Message"): event.message,
                        }
                        for event in r.events.all()
                    ],
                }
                for r in user.research_requests.prefetch_related("events", "topics", "skills")
            ],
            _("Opportunities you said are not for you"): [
                {_("Opportunity"): said.opportunity.title, _("When"): said.at}
                for said in NotForMe.objects.filter(member=user)
                .select_related("opportunity")
                .order_by("at", "pk")
            ],
            _("Opportunities you are the researcher for"): [
                {_("Opportunity"): page.title, _("Published"): page.live}
                for page in OpportunityPage.objects.filter(researcher=user).order_by("pk")
            ],
        },
    )


@receiver(personal_data_requested, dispatch_uid="opportunities.personal_data_invitations")
def personal_data_invitations(sender, user, **kwargs):
    """Opportunities staff invited the person to apply for (erasure: the rows go with
    the account, by cascade)."""
    invitations = Invitation.objects.filter(member=user).select_related("opportunity")
    return (
        _("Invitations to apply"),
        [
            {
                _("Opportunity"): invitation.opportunity.title,
                _("Invited"): invitation.invited_at,
                _("Emailed"): invitation.emailed_at,
            }
            for invitation in invitations.order_by("invited_at", "pk")
        ],
    )


def _plain(value):
    """A model field's value, JSON-ready (a foreign key by its name)."""
    if value is None or isinstance(value, str | int | bool | float):
        return value
    return str(value)


@receiver(account_erasing, dispatch_uid="opportunities.erase")
def erase(sender, user, **kwargs):
    """Applications and involvement go with the user row (cascade), after any place the
    person held is passed to the next person waiting; the log loses the name it put in
    their labels. Researchers' requests stay, without the researcher
    (their foreign key is set to null), since opportunities were built on them."""
    # A place they held goes to the next person waiting, as if they had withdrawn.
    for application in Application.objects.filter(member=user, status="selected"):
        application_withdraw(application=application)
    application_ids = [
        str(pk) for pk in Application.objects.filter(member=user).values_list("pk", flat=True)
    ]
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), object_id__in=application_ids
    ).update(label=ERASED_LABEL, data={})


@receiver(equality_populations, dispatch_uid="opportunities.equality_populations")
def equality_populations_receiver(sender, start, end, **kwargs):
    """Applicants and the selected, for applications made in the period (as they stand
    when the period's figures are published, once)."""
    applications = Application.objects.filter(submitted_at__date__range=(start, end))
    return [
        ("applicants", _("Applicants"), applications.values_list("member_id", flat=True)),
        (
            "selected",
            _("Selected"),
            applications.filter(status=Application.Status.SELECTED).values_list(
                "member_id", flat=True
            ),
        ),
    ]


# Members' own pages keep their costliest part per person (home.page_cache.
# personal_fragment): their applications are theirs alone. (Involvement and impact:
# involvement/receivers.py.)
@receiver(post_save, sender=Application, dispatch_uid="opportunities.person.application")
@receiver(post_delete, sender=Application, dispatch_uid="opportunities.person.application_gone")
def on_members_own_record_changed(sender, instance, **kwargs):
    people_changed(instance.member_id)


@receiver(site_sections, dispatch_uid="opportunities.site_section")
def opportunities_section(sender, **kwargs):
    """ "Find an opportunity": the first start point on the home page and the first item
    in the main navigation (home.hooks)."""
    return Section(
        order=10,
        page_model=OpportunityIndexPage,
        nav_label=_("Opportunities"),
        start_label=_("Find an opportunity"),
        description=_(
            "One-off chances to help with a research study. Each one says what it "
            "involves and what we pay."
        ),
    )


@receiver(account_erasing, dispatch_uid="opportunities.erase_lottery_entries")
def erase_lottery_entries(sender, user, **kwargs):
    """A fair lottery's record keeps the person's chance and outcome, not their features
    or any link to them (the audit page then says a re-run no longer reproduces it)."""
    lottery_erase_person(user=user)


@receiver(equality_answers_withdrawn, dispatch_uid="opportunities.lottery_forget_equality")
def forget_equality_in_lottery_entries(sender, member, **kwargs):
    """Equality answers deleted, or consent to their use withdrawn: a fair lottery's
    record drops its copy of them (members cannot reach it)."""
    lottery_forget_equality(member=member)


@receiver(personal_data_requested, dispatch_uid="opportunities.personal_data_lottery")
def personal_data_lottery(sender, user, **kwargs):
    """The fair lotteries they were in: which opportunity, their chance, the outcome,
    and the features the draw used about them (only what they gave us)."""
    entries = LotteryEntry.objects.filter(member=user).select_related("lottery__opportunity")
    return (
        _("Fair lotteries you were in"),
        [
            {
                _("Opportunity"): entry.lottery.opportunity.title,
                _("Your chance of being chosen"): chance_in_words(entry.probability),
                _("Outcome"): entry.get_outcome_display(),
                _("What the draw used about you"): {
                    entry.lottery.quotas.get(feature, {}).get("label", feature): category_label(
                        feature, category, entry.lottery.quotas
                    )
                    for feature, category in entry.features.items()
                    if category != NOT_GIVEN
                },
            }
            for entry in entries
        ],
    )


# --- Group meetings, the member's side (area "meetings") ---------------------------
# The group page's "Upcoming meetings" for its active members and staff; "Your group
# meetings" on the account page (kept per person: a reply's change says so); replies
# and suggested corrections in the person's data download, and gone on erasure.

GROUP_PAGE_MEETINGS = 10
ACCOUNT_MEETINGS = 10


@receiver(group_page_sections, dispatch_uid="opportunities.group_meetings_section")
def group_meetings_section(sender, group, request, membership=None, **kwargs):
    """Only for the group's active members and staff who run meetings; a visitor or
    anyone else sees nothing of the meetings. Shown only to people signed in, whose
    pages the page cache never keeps (home.page_cache)."""
    user = request.user
    active = membership is not None and membership.status == GroupMembership.Status.ACTIVE
    if not active and not (user.is_authenticated and user.has_perm(MEETING_PERMISSION)):
        return None
    meetings = list(group_meetings_upcoming(group_id=group.pk)[: GROUP_PAGE_MEETINGS + 1])
    more = len(meetings) > GROUP_PAGE_MEETINGS
    meetings = meetings[:GROUP_PAGE_MEETINGS]
    replies = replies_of(user=user, meetings=meetings)
    return (
        "opportunities/meetings_group_section.html",
        {
            "group": group,
            "rows": [(meeting, replies.get(meeting.pk)) for meeting in meetings],
            "more": more,
            "show_reply": active,
        },
    )


@receiver(account_sections, dispatch_uid="opportunities.meetings_account_section")
def meetings_account_section(sender, request, **kwargs):
    """ "Your group meetings": those still to come of the groups the person is an
    active member of, with their reply. No section when there are none."""
    user = request.user
    meetings = list(member_meetings_upcoming(user=user)[:ACCOUNT_MEETINGS])
    if not meetings:
        return None
    replies = replies_of(user=user, meetings=meetings)
    return (
        "opportunities/includes_meetings_account_section.html",
        {"rows": [(meeting, replies.get(meeting.pk)) for meeting in meetings]},
    )


@receiver(post_save, sender=MeetingReply, dispatch_uid="opportunities.person.meeting_reply")
@receiver(post_delete, sender=MeetingReply, dispatch_uid="opportunities.person.reply_gone")
def on_meeting_reply_changed(sender, instance, **kwargs):
    """Their account page shows their reply (whoever recorded it: them, or staff)."""
    people_changed(instance.member_id)


@receiver(personal_data_requested, dispatch_uid="opportunities.personal_data_meetings")
def personal_data_meetings(sender, user, **kwargs):
    """Their replies to group meetings (with what they said they need) and the
    corrections they suggested to meetings' notes, with the team's answers."""
    replies = MeetingReply.objects.filter(member=user).select_related("meeting__group")
    corrections = NotesCorrection.objects.filter(member=user).select_related("notes__meeting")
    return (
        _("Your group meetings"),
        {
            _("Replies"): [
                {
                    _("Meeting"): reply.meeting.title,
                    _("Group"): reply.meeting.group.title,
                    _("When"): reply.meeting.starts_at,
                    _("Your answer"): reply.get_answer_display(),
                    _("What you said you need to take part"): reply.access_needs,
                    _("Recorded by staff for you"): reply.recorded_by_id is not None,
                    _("Last changed"): reply.updated_at,
                }
                for reply in replies.order_by("meeting__starts_at", "pk")
            ],
            _("Corrections you suggested to meeting notes"): [
                {
                    _("Meeting"): correction.notes.meeting.title,
                    _("Your correction"): correction.suggestion,
                    _("Sent"): correction.created_at,
                    _("Status"): correction.get_status_display(),
                    _("Reply from the involvement team"): correction.answer,
                }
                for correction in corrections.order_by("created_at", "pk")
            ],
        },
    )


@receiver(account_erasing, dispatch_uid="opportunities.erase_meeting_replies")
def erase_meeting_replies(sender, user, **kwargs):
    """Replies (and the access needs in them) and suggested corrections go with the
    account: they are about the person, and no payment rests on them (attendance is
    involvement, kept pseudonymised by its own app)."""
    meeting_replies_erase(user=user)


# comment_rounds: written comment rounds on the group page and the account page, in a
# member's data download, and at erasure. (Imported here, in this block, so the areas
# that share this file merge without touching each other's lines.)
from members.hooks import group_page_sections  # noqa: E402
from members.models import GroupMembership as _GroupMembership  # noqa: E402
from opportunities.models import RoundResponse  # noqa: E402
from opportunities.selectors.comment_rounds import (  # noqa: E402
    open_rounds_of_group,
    rounds_wanted_from,
)


@receiver(group_page_sections, dispatch_uid="opportunities.comment_rounds_group_section")
def comment_rounds_group_section(sender, group, request, membership=None, **kwargs):
    """'Comments wanted': the group's open rounds, for its active members only."""
    if membership is None or membership.status != _GroupMembership.Status.ACTIVE:
        return None
    rounds = list(open_rounds_of_group(group.pk))
    if not rounds:
        return None
    return ("opportunities/comment_rounds_group_section.html", {"rounds": rounds})


@receiver(account_sections, dispatch_uid="opportunities.comment_rounds_account_section")
def comment_rounds_account_section(sender, request, **kwargs):
    """'Comments wanted from you': open rounds of the person's groups, with where their
    own response stands. Kept with the account page: the services call people_changed
    when a round opens or closes and when the person's response changes."""
    wanted = rounds_wanted_from(request.user)
    if not wanted:
        return None
    return ("opportunities/comment_rounds_account_section.html", {"wanted": wanted})


@receiver(personal_data_requested, dispatch_uid="opportunities.personal_data_comment_rounds")
def personal_data_comment_rounds(sender, user, **kwargs):
    """Their part in written comment rounds: what they wrote and when."""
    responses = (
        RoundResponse.objects.filter(member=user).select_related("round").order_by("opted_in_at")
    )
    return (
        _("Written comment rounds"),
        [
            {
                _("Round"): response.round.title,
                _("Said you will comment"): response.opted_in_at,
                _("Your comments"): response.comment,
                _("About how long it took you, in minutes"): response.minutes_spent,
                _("Sent"): response.submitted_at,
            }
            for response in responses
        ],
    )


@receiver(account_erasing, dispatch_uid="opportunities.erase_comment_round_responses")
def erase_comment_round_responses(sender, user, **kwargs):
    """Their responses go, comments and all: a comment leaves the collated page and
    export with them (even for a closed round: it is their words, and nobody agreed to
    keep it without them). The involvement a closed round recorded is the involvement
    app's (it goes with the account), and payments stay for finance, pseudonymised
    (reciprocity/receivers.py)."""
    RoundResponse.objects.filter(member=user).delete()


# end comment_rounds


# papers (security review): a paper's file in private storage goes with its row, however
# the row goes (paper_remove, or a meeting, agenda item, comment round or group deleted).
from opportunities.models import Paper  # noqa: E402


@receiver(post_delete, sender=Paper, dispatch_uid="opportunities.paper_file_goes_too")
def paper_file_goes_too(sender, instance, **kwargs):
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# end papers
