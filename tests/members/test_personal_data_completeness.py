"""The data download leaves nothing out (issue 11, finding 7), structurally.

Every model with a relation to the user, found by walking every installed model's
fields (hidden ones too: `related_name="+"`), and every model that hangs off one held
about the person (expense items → claim → user), must be either

- COVERED: a builder makes a row about the person with a marker only it holds, and the
  download must contain the marker; or
- EXCLUDED, with the reason.

Every model of our own apps must also be accounted for, so a model that stores text
about a person without a foreign key (the outbox) cannot be forgotten either. A new
model fails this test until it is in the download or excluded with a reason.
"""

import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.core.files.base import ContentFile
from wagtail.log_actions import log
from wagtail.users.models import UserProfile

from home.demo_content import demo_pages_create
from home.models import OutboxEmail
from involvement.factories import ActivityFactory
from involvement.models import Involvement
from members.demo_content import demo_groups_create
from members.factories import MemberFactory, StaffFactory
from members.models import (
    EqualityResponse,
    GroupMembership,
    JourneyDraft,
    MemberProfile,
    Skill,
    Topic,
    User,
)
from members.services.profiles import privacy_notice_accept
from opportunities.factories import ApplicationFactory, ResearchRequestFactory, opportunity_create
from opportunities.models import ApplicationEvent, Invitation, NotForMe, ResearchRequestEvent
from reciprocity.factories import rate_card_example
from reciprocity.models import (
    DraftReceipt,
    ExpenseClaim,
    ExpenseEvent,
    ExpenseItem,
    Payment,
    PaymentEvent,
    SkillGained,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"home", "members", "involvement", "opportunities", "reciprocity"}
RECEIPT = b"%PDF-1.4 marker receipt bytes"

STAFF_ACTOR = (
    "the staff member who did something to someone else's record: it is part of that "
    "person's record (and their download), not data about the staff member's own life; "
    "staff accounts are closed and answered by an administrator"
)
CMS = (
    "authorship of the organisation's own content in the Wagtail admin (pages, "
    "revisions, comments, uploads, workflow, editing locks): staff only, part of the "
    "organisation's records; a staff member's request is answered by an administrator"
)
EXCLUDED = {
    # Secrets: never exported, whoever asks.
    ("wagtailcore.APIToken", "user"): "API tokens are credentials: never exported",
    ("account.EmailConfirmation", "email_address"): (
        "pending verification keys: credentials that expire in days; the address itself is exported"
    ),
    ("members.User_user_permissions", "user"): (
        "per-user permissions are never granted (roles are groups, exported as Roles)"
    ),
    # Someone acting on someone else's record.
    ("members.ConsentRecord", "recorded_by"): STAFF_ACTOR,
    ("members.GroupMembership", "recorded_by"): STAFF_ACTOR,
    ("members.GroupMembership", "decided_by"): STAFF_ACTOR,
    ("members.AccountErasure", "erased_by"): STAFF_ACTOR,
    ("members.User", "registered_by"): STAFF_ACTOR + " (the person's own side is exported)",
    ("members.User", "researcher_decided_by"): STAFF_ACTOR,
    ("members.EqualityDashboardView", "by"): (
        "the organisation's audit log of staff looking at equality counts"
    ),
    ("opportunities.Application", "decided_by"): STAFF_ACTOR,
    ("opportunities.ApplicationEvent", "by"): STAFF_ACTOR + " (the event is exported)",
    ("opportunities.Invitation", "invited_by"): STAFF_ACTOR + " (the invitation is exported)",
    ("involvement.Involvement", "recorded_by"): STAFF_ACTOR,
    ("involvement.ImpactEntry", "added_by"): STAFF_ACTOR,
    ("training.CourseSession", "created_by"): STAFF_ACTOR,
    ("training.CourseSession", "cancelled_by"): STAFF_ACTOR,
    # Group meetings, the member's side (area "meetings").
    ("opportunities.MeetingReply", "recorded_by"): STAFF_ACTOR + " (the reply is exported)",
    ("opportunities.NotesCorrection", "answered_by"): STAFF_ACTOR
    + " (the correction and its answer are exported)",
    ("training.Booking", "booked_by"): STAFF_ACTOR + " (the booking is exported)",
    ("training.Booking", "attendance_recorded_by"): STAFF_ACTOR,
    ("training.Completion", "confirmed_by"): STAFF_ACTOR,
    ("training.Completion", "revoked_by"): STAFF_ACTOR,
    ("opportunities.ResearchRequestEvent", "by"): STAFF_ACTOR + " (the event is exported)",
    ("opportunities.Lottery", "run_by"): STAFF_ACTOR + " (the person's entry is exported)",
    ("opportunities.Lottery", "applied_by"): STAFF_ACTOR + " (the person's entry is exported)",
    ("opportunities.LotteryEntry", "application"): "exported through its own member link",
    ("reciprocity.Payment", "proposed_by"): STAFF_ACTOR,
    ("reciprocity.Payment", "approved_by"): STAFF_ACTOR,
    ("reciprocity.PaymentEvent", "by"): STAFF_ACTOR + " (the event is exported)",
    ("reciprocity.FinanceExport", "created_by"): STAFF_ACTOR,
    ("reciprocity.ExpenseClaim", "decided_by"): STAFF_ACTOR,
    ("reciprocity.ExpenseEvent", "by"): STAFF_ACTOR + " (the event is exported)",
    ("reciprocity.SkillGained", "added_by"): STAFF_ACTOR,
    # Hanging off a row held about the person, already exported another way.
    ("reciprocity.Payment", "involvement"): "exported through its own member link",
    ("reciprocity.ExpenseClaim", "involvement"): "exported through its own member link",
    ("reciprocity.SkillGained", "involvement"): "exported through its own member link",
    ("reciprocity.SkillGained", "completion"): "exported through its own member link",
    ("reciprocity.FinanceExportLine", "payment"): (
        "the finance batch a payment went in; the payment's status, date and reference are exported"
    ),
    ("opportunities.OpportunityPage", "request"): (
        "the opportunity built from a researcher's request: exported by its researcher link"
    ),
}
for _label in [
    "home.HomePage",
    "home.StandardPage",
    "members.ReferenceGroupIndexPage",
    "members.ReferenceGroupPage",
    "opportunities.OpportunityIndexPage",
    "opportunities.OpportunityPage",
    "training.CoursePage",
    "training.TrainingIndexPage",
    "wagtailcore.Page",
]:
    EXCLUDED[(_label, "owner")] = CMS
    EXCLUDED[(_label, "locked_by")] = CMS
for _pair in [
    ("wagtaildocs.Document", "uploaded_by_user"),
    ("wagtailimages.Image", "uploaded_by_user"),
    ("wagtailcore.UploadedFile", "uploaded_by_user"),
    ("wagtailadmin.EditingSession", "user"),
    ("wagtailadmin.FormState", "user"),
    ("wagtailcore.Revision", "user"),
    ("wagtailcore.WorkflowState", "requested_by"),
    ("wagtailcore.TaskState", "finished_by"),
    ("wagtailcore.PageLogEntry", "user"),
    ("wagtailcore.Comment", "user"),
    ("wagtailcore.Comment", "resolved_by"),
    ("wagtailcore.CommentReply", "user"),
    ("wagtailcore.PageSubscription", "user"),
]:
    EXCLUDED[_pair] = CMS

# Models of our apps that hold nothing about a person.
NO_PERSON = {
    "home.OrganisationSettings": "the organisation's details",
    "members.Topic": "a list of topics",
    "opportunities.OpportunitySession": "when an opportunity's sessions take place",
    "members.Skill": "a list of skills",
    "members.Region": "a list of regions",
    "members.GroundRulesVersion": "a group's published rules",
    "members.EqualityBenchmark": "Census figures for an area",
    "members.EqualityPublication": (
        "published equality figures: suppressed counts per population, with bare ids and "
        "random answer-version tokens for the audit, never an answer (the person's own "
        "answers are exported from EqualityResponse)"
    ),
    "opportunities.OpportunityPage_groups": "which groups an opportunity is for",
    "opportunities.OpportunityPage_topics": "an opportunity's topics",
    "opportunities.OpportunityPage_skills": "an opportunity's skills",
    "reciprocity.RateCard": "the organisation's rates",
    "reciprocity.FinanceExport": "a finance batch (who made it: see EXCLUDED)",
    "reciprocity.FinanceExportLine": "see EXCLUDED",
    "involvement.ImpactEntry": "what changed in a project, written by staff",
    "involvement.Activity": "something members take part in (who did: Involvement)",
    "involvement.Activity_skills": "an activity's skills",
    "opportunities.Lottery": (
        "a fair lottery's quotas, seed and counts (each person's entry: LotteryEntry)"
    ),
}


# --- Builders: a row about the person, and the text only that row holds -------------


def _application(person):
    return ApplicationFactory(member=person, opportunity=opportunity_create(title="Marker opp"))


def _payment(person, **fields):
    return Payment.objects.create(
        member=person,
        payee_reference="RT-MARKER",
        idempotency_key=f"marker-{Payment.objects.count()}",
        activity="Marker paid activity",
        activity_date=datetime.date(2026, 5, 1),
        hours=Decimal("2.00"),
        basis="hourly",
        amount=Decimal("50.00"),
        method="bank",
        status="approved",
        tax_year="2026-27",
        reason="Marker payment reason",
        rate_card=rate_card_example(),
        **fields,
    )


def _claim(person):
    return ExpenseClaim.objects.create(
        member=person,
        payee_reference="RT-MARKER",
        activity="Marker claim activity",
        activity_date=datetime.date(2026, 5, 1),
        tax_year="2026-27",
        message="Marker staff message on the claim",
    )


def build_group_membership(person):
    demo_pages_create()
    group = demo_groups_create()[0]
    GroupMembership.objects.create(
        member=person,
        group=group,
        status=GroupMembership.Status.ACTIVE,
        decision_note="Marker membership decision note",
    )
    return ["Marker membership decision note"]


def build_totp(person):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(person, generate_totp_secret())
    return [str(Authenticator.Type.TOTP.label)]


def build_involvement(person):
    Involvement.objects.create(
        member=person,
        activity=ActivityFactory(title="Marker involvement activity"),
        started_on=datetime.date(2026, 4, 1),
    )
    return ["Marker involvement activity"]


def build_application_event(person):
    ApplicationEvent.objects.create(
        application=_application(person),
        status="submitted",
        message="Marker earlier application message",
    )
    return ["Marker earlier application message"]


def build_lottery_entry(person):
    from opportunities.models import Lottery, LotteryEntry

    lottery = Lottery.objects.create(
        opportunity=opportunity_create(title="Marker lottery opportunity"),
        places=1,
        seed=1,
        summary={"pool": 2},
    )
    LotteryEntry.objects.create(
        lottery=lottery, member=person, person_key=1, probability=0.5, outcome="waiting"
    )
    return ["Marker lottery opportunity"]


def build_request_event(person):
    ResearchRequestEvent.objects.create(
        request=ResearchRequestFactory(researcher=person),
        status="submitted",
        message="Marker message on the request",
    )
    return ["Marker message on the request"]


def build_payment_event(person):
    PaymentEvent.objects.create(
        payment=_payment(person), status="approved", note="Marker note on the payment"
    )
    return ["Marker note on the payment"]


def build_expense_item(person):
    ExpenseItem.objects.create(
        claim=_claim(person),
        kind="transport",
        description="Marker taxi home",
        amount=Decimal("12.50"),
        receipt=ContentFile(RECEIPT, name="receipt.pdf"),
        receipt_type="application/pdf",
    )
    return ["Marker taxi home"]


def build_draft_receipt(person):
    row = DraftReceipt.objects.create(
        member=person,
        receipt=ContentFile(RECEIPT, name="receipt.pdf"),
        receipt_type="application/pdf",
    )
    return [f"files/receipts-not-sent/receipt-{row.pk}.pdf"]


def build_expense_event(person):
    ExpenseEvent.objects.create(
        claim=_claim(person), status="queried", note="Marker question from staff"
    )
    return ["Marker question from staff"]


def build_user_profile(person):
    profile = UserProfile.get_for_user(person)
    profile.current_time_zone = "Pacific/Chatham"
    profile.save()
    return ["Pacific/Chatham"]


def build_log_entry(person):
    entry = log(instance=_application(person), action="wagtail.edit", user=person)
    return [str(entry.message)]


def build_profile_term(field):
    def build(person):
        profile, _created = MemberProfile.objects.get_or_create(user=person)
        model = Topic if field == "topics" else Skill
        term = model.objects.create(name=f"Marker profile {field}")
        getattr(profile, field).add(term)
        return [term.name]

    return build


def build_request_term(field):
    def build(person):
        request = ResearchRequestFactory(researcher=person)
        model = Topic if field == "topics" else Skill
        term = model.objects.create(name=f"Marker request {field}")
        getattr(request, field).add(term)
        return [term.name]

    return build


def build_training_wish(part):
    def build(person):
        from training.models import TrainingWish

        wish, _created = TrainingWish.objects.get_or_create(person=person)
        if part == "other":
            wish.other = "Marker training wish"
            wish.save()
            return [wish.other]
        skill = Skill.objects.create(name="Marker training skill")
        wish.skills.add(skill)
        return [skill.name]

    return build


def build_booking(person):
    from training.factories import course_create, course_session_create
    from training.models import Booking

    session = course_session_create(course=course_create(title="Marker booked course"))
    Booking.objects.create(
        session=session, person=person, status=Booking.Status.BOOKED, access_needs="Marker ramp"
    )
    return ["Marker booked course", "Marker ramp"]


def build_completion(person):
    from training.factories import course_create
    from training.models import Completion

    course = course_create(title="Marker completed course")
    completion = Completion.objects.create(
        person=person, course=course, status=Completion.Status.COMPLETED, how="staff"
    )
    return ["Marker completed course", completion.certificate_code]


def build_meeting_reply(person):
    """Group meetings, the member's side: a reply with what they need."""
    from members.demo_content import demo_groups_create
    from opportunities.factories import meeting_create
    from opportunities.models import MeetingReply

    meeting = meeting_create(group=demo_groups_create()[0], title="Marker meeting")
    MeetingReply.objects.create(
        meeting=meeting, member=person, answer="coming", access_needs="Marker meeting needs"
    )
    return ["Marker meeting", "Marker meeting needs"]


def build_notes_correction(person):
    from members.demo_content import demo_groups_create
    from opportunities.factories import meeting_create
    from opportunities.models import MeetingNotes, NotesCorrection

    meeting = meeting_create(group=demo_groups_create()[0], title="Marker corrected meeting")
    notes = MeetingNotes.objects.create(meeting=meeting, text="Notes", status="shared")
    NotesCorrection.objects.create(notes=notes, member=person, suggestion="Marker correction")
    return ["Marker corrected meeting", "Marker correction"]


COVERED = {
    # Group meetings, the member's side (area "meetings").
    ("opportunities.MeetingReply", "member"): build_meeting_reply,
    ("opportunities.NotesCorrection", "member"): build_notes_correction,
    ("training.Booking", "person"): build_booking,
    ("training.Completion", "person"): build_completion,
    ("training.TrainingWish", "person"): build_training_wish("other"),
    ("training.TrainingWish_skills", "trainingwish"): build_training_wish("skills"),
    ("members.MemberProfile_topics", "memberprofile"): build_profile_term("topics"),
    ("members.MemberProfile_skills", "memberprofile"): build_profile_term("skills"),
    ("opportunities.ResearchRequest_topics", "researchrequest"): build_request_term("topics"),
    ("opportunities.ResearchRequest_skills", "researchrequest"): build_request_term("skills"),
    ("account.EmailAddress", "user"): lambda p: [
        EmailAddress.objects.create(user=p, email="marker-second@example.org").email
    ],
    ("mfa.Authenticator", "user"): build_totp,
    ("usersessions.UserSession", "user"): lambda p: [
        UserSession.objects.create(
            user=p, session_key="m" * 32, ip="203.0.113.7", user_agent="MarkerBrowser/1.0"
        ).user_agent
    ],
    ("members.User_groups", "user"): lambda p: list(p.groups.values_list("name", flat=True)),
    ("members.ConsentRecord", "user"): lambda p: [privacy_notice_accept(user=p).get_kind_display()],
    ("members.EqualityResponse", "member"): lambda p: [
        EqualityResponse.objects.create(
            member=p, religion="other", religion_write_in="Marker faith"
        ).religion_write_in
    ],
    ("members.GroupMembership", "member"): build_group_membership,
    ("members.MemberProfile", "user"): lambda p: [
        MemberProfile.objects.update_or_create(
            user=p, defaults={"access_needs": "Marker access needs"}
        )[0].access_needs
    ],
    ("members.JourneyDraft", "user"): lambda p: [
        JourneyDraft.objects.create(
            user=p, session_token="t", journey="equality", answers={"x": "Marker draft answer"}
        ).answers["x"]
    ],
    ("opportunities.Application", "member"): lambda p: [
        ApplicationFactory(
            member=p, opportunity=opportunity_create(title="Marker"), statement="Marker why"
        ).statement
    ],
    ("opportunities.ApplicationEvent", "application"): build_application_event,
    ("opportunities.LotteryEntry", "member"): build_lottery_entry,
    ("opportunities.Invitation", "member"): lambda p: [
        Invitation.objects.create(
            member=p, opportunity=opportunity_create(title="Marker invited opportunity")
        ).opportunity.title
    ],
    ("opportunities.NotForMe", "member"): lambda p: [
        NotForMe.objects.create(
            member=p, opportunity=opportunity_create(title="Marker not for me")
        ).opportunity.title
    ],
    ("involvement.Involvement", "member"): build_involvement,
    ("opportunities.ResearchRequest", "researcher"): lambda p: [
        ResearchRequestFactory(researcher=p, summary="Marker request summary").summary
    ],
    ("opportunities.ResearchRequestEvent", "request"): build_request_event,
    ("opportunities.OpportunityPage", "researcher"): lambda p: [
        opportunity_create(title="Marker researched opportunity", researcher=p).title
    ],
    ("reciprocity.Payment", "member"): lambda p: [_payment(p).reason],
    ("reciprocity.PaymentEvent", "payment"): build_payment_event,
    ("reciprocity.ExpenseClaim", "member"): lambda p: [_claim(p).message],
    ("reciprocity.ExpenseItem", "claim"): build_expense_item,
    ("reciprocity.DraftReceipt", "member"): build_draft_receipt,
    ("reciprocity.ExpenseEvent", "claim"): build_expense_event,
    ("reciprocity.SkillGained", "member"): lambda p: [
        SkillGained.objects.create(
            member=p,
            skill=Skill.objects.get_or_create(name="Marker skill")[0],
            activity="Marker skill activity",
            gained_on=datetime.date(2026, 4, 1),
            source="staff",
        ).activity
    ],
    ("wagtailusers.UserProfile", "user"): build_user_profile,
    ("wagtailcore.ModelLogEntry", "user"): build_log_entry,
}


# comment_rounds: a member's responses to written comment rounds are in the download;
# who made a round, and which request it answers, are not theirs.
def build_round_response(person):
    from members.demo_content import demo_groups_create
    from opportunities.factories import comment_round_create
    from opportunities.models import RoundResponse

    comment_round = comment_round_create(
        group=demo_groups_create()[0], title="Marker comment round"
    )
    RoundResponse.objects.create(round=comment_round, member=person, comment="Marker comment")
    return ["Marker comment round", "Marker comment"]


COVERED[("opportunities.RoundResponse", "member")] = build_round_response
EXCLUDED[("opportunities.CommentRound", "created_by")] = STAFF_ACTOR
EXCLUDED[("opportunities.CommentRound", "request")] = (
    "the comment round answering a researcher's request: the request is exported by its "
    "researcher link, and the round's comments are the members' (RoundResponse)"
)
EXCLUDED[("opportunities.Paper", "uploaded_by")] = (
    "who added a paper: staff, or a researcher for their own slot; the paper is about the "
    "research, not about the person"
)
# end comment_rounds
# Group meetings: what staff did, and the slots given to a researcher's request.
EXCLUDED[("opportunities.GroupMeeting", "created_by")] = STAFF_ACTOR
EXCLUDED[("opportunities.MeetingSeries", "created_by")] = STAFF_ACTOR
EXCLUDED[("opportunities.MeetingNotes", "written_by")] = STAFF_ACTOR
EXCLUDED[("opportunities.AgendaItem", "feedback_sent_by")] = STAFF_ACTOR
EXCLUDED[("opportunities.AgendaItem", "request")] = (
    "a slot given to a researcher's request at a group's meeting: the request is exported "
    "by its researcher link; the slot and the group's feedback are about the research"
)
# Rows held about the person that other rows do not hang off as theirs: not followed.
NOT_FOLLOWED = {
    ("opportunities.OpportunityPage", "researcher"): "other people's applications hang off it",
    ("wagtailcore.ModelLogEntry", "user"): "a log entry",
    ("members.User_groups", "user"): "a role",
    ("members.MemberProfile_topics", "memberprofile"): "a link to a list",
    ("members.MemberProfile_skills", "memberprofile"): "a link to a list",
    ("opportunities.ResearchRequest_topics", "researchrequest"): "a link to a list",
    ("opportunities.ResearchRequest_skills", "researchrequest"): "a link to a list",
}
# Models of our apps that hold text about a person without a foreign key to them.
TEXT_ABOUT = {
    "home.OutboxEmail": lambda p: [
        OutboxEmail.objects.create(
            payload={}, to_address=p.email, subject="Marker email subject"
        ).subject
    ],
}


def _relations_to(labels: set[str]):
    """(model label, field name) of every concrete relation pointing at one of `labels`."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if (
                field.is_relation
                and field.concrete
                and field.related_model is not None
                and field.related_model._meta.label in labels
            ):
                yield model._meta.label, field.name


def relations_about_the_person() -> set[tuple[str, str]]:
    """Every relation to the user, then to every model held about them, transitively."""
    found = set(_relations_to({User._meta.label}))
    followed: set[str] = set()
    while True:
        subjects = {
            label
            for pair in found
            if pair in COVERED and pair not in NOT_FOLLOWED
            for label in [pair[0]]
        } - followed
        if not subjects:
            return found
        followed |= subjects
        found |= set(_relations_to(subjects))


def test_every_relation_to_a_person_is_in_the_download_or_excluded_with_a_reason():
    found = relations_about_the_person()
    missing = sorted(found - COVERED.keys() - EXCLUDED.keys())
    assert not missing, f"Add these to the data download (and COVERED) or EXCLUDED: {missing}"
    # The walk must reach the relations the old download forgot (related_name="+" too).
    assert {
        ("reciprocity.ExpenseItem", "claim"),
        ("reciprocity.ExpenseEvent", "claim"),
        ("reciprocity.PaymentEvent", "payment"),
        ("opportunities.ApplicationEvent", "application"),
        ("opportunities.OpportunityPage", "researcher"),
    } <= found
    stale = sorted((COVERED.keys() | EXCLUDED.keys()) - found)
    assert not stale, f"No longer a relation to a person: {stale}"


def test_every_model_of_our_apps_is_accounted_for():
    found = {label for label, _field in relations_about_the_person()}
    ours = {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in OUR_APPS
    }
    unaccounted = sorted(ours - found - NO_PERSON.keys() - TEXT_ABOUT.keys() - {"members.User"})
    assert not unaccounted, f"Say what these hold about people: {unaccounted}"


def test_the_download_holds_every_covered_row_and_the_receipt_files(client):
    person = MemberFactory(email="marker-person@example.org", name="Marker Person")
    StaffFactory()  # someone else, whose rows must not appear
    markers = {}
    for pair, build in {**COVERED, **{(m, ""): b for m, b in TEXT_ABOUT.items()}}.items():
        markers[pair] = build(person)
        assert markers[pair], pair
    secret = Authenticator.objects.get(user=person).wrap().instance.data["secret"]

    client.force_login(person)
    response = client.post("/account/your-data/download/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = archive.read("your-data.json").decode()
        html = archive.read("your-data.html").decode()
        receipts = [name for name in archive.namelist() if name.startswith("files/receipts/")]
        assert len(receipts) == 1 and archive.read(receipts[0]) == RECEIPT
    data = json.loads(text)
    assert receipts[0] in text  # the claim's cost names its file
    missing = {
        pair: marker for pair, found in markers.items() for marker in found if marker not in text
    }
    assert not missing, f"Not in the download: {missing}"
    assert "Marker taxi home" in html
    assert secret not in text and secret not in html
    assert data  # JSON, readable


def test_the_old_download_left_these_out_so_they_are_named_here():
    # A guard against weakening the tables: the rows issue 11 named must stay covered.
    for pair in [
        ("reciprocity.ExpenseItem", "claim"),
        ("reciprocity.ExpenseEvent", "claim"),
        ("reciprocity.PaymentEvent", "payment"),
        ("opportunities.ApplicationEvent", "application"),
    ]:
        assert pair in COVERED


# projects: what a person did on a project's team is in the download (their team rows
# and choices, messages, acceptances, proposals, support, comments, disagreement,
# reflections, check-ins, confidence); what someone did to the team's shared record
# (opened it, changed its stage, recorded or hid something) is not about their life.
def _marker_project(title):
    from projects.factories import project_create

    return project_create(members=[], project_title=title)


def build_team_row(person):
    from projects.models import TeamMember, TeamRole

    project = _marker_project("Marker team project")
    TeamMember.objects.create(
        project=project, person=person, role=TeamRole.MEMBER, credit_as="Marker credit name"
    )
    return ["Marker team project", "Marker credit name"]


def build_post(person):
    from projects.models import Post

    project = _marker_project("Marker conversation project")
    Post.objects.create(project=project, author=person, body="Marker message")
    return ["Marker message"]


def build_acceptance(person):
    from projects.models import AgreementAcceptance, AgreementVersion

    project = _marker_project("Marker agreement project")
    version = AgreementVersion.objects.get(project=project, number=1)
    AgreementAcceptance.objects.create(version=version, person=person)
    return ["Marker agreement project"]


def _marker_decision(title, **fields):
    from projects.models import Decision

    project = _marker_project(f"{title} project")
    return Decision.objects.create(project=project, title=title, **fields)


def build_proposal(person):
    _marker_decision("Marker proposal", proposed_by=person)
    return ["Marker proposal"]


def build_participation(person):
    decision = _marker_decision("Marker decision taken part in", status="decided")
    decision.participants.add(person)
    return ["Marker decision taken part in"]


def build_endorsement(person):
    from projects.models import Endorsement

    Endorsement.objects.create(decision=_marker_decision("Marker supported"), person=person)
    return ["Marker supported"]


def build_decision_comment(person):
    from projects.models import DecisionComment

    decision = _marker_decision("Marker commented decision")
    DecisionComment.objects.create(decision=decision, author=person, body="Marker comment words")
    return ["Marker comment words"]


def build_dissent(person):
    from projects.models import Dissent

    decision = _marker_decision("Marker disputed decision", status="decided")
    Dissent.objects.create(decision=decision, person=person, reason="Marker dissent words")
    return ["Marker dissent words"]


def _marker_invitation(person, title):
    from projects.models import ReflectionInvitation, StageChange

    project = _marker_project(title)
    change = StageChange.objects.create(project=project, from_stage="design", to_stage="funding")
    return ReflectionInvitation.objects.create(stage_change=change, person=person)


def build_invitation(person):
    _marker_invitation(person, "Marker invited project")
    return ["Marker invited project"]


def build_reflection(person):
    from projects.models import Reflection

    invitation = _marker_invitation(person, "Marker reflection project")
    Reflection.objects.create(invitation=invitation, went_well="Marker went well")
    return ["Marker went well"]


def build_check_in(person):
    from projects.models import CheckIn

    invitation = _marker_invitation(person, "Marker check-in project")
    CheckIn.objects.create(invitation=invitation, speak_up=4, listened_to=3, understood=2)
    return ["Marker check-in project"]


def build_confidence(person):
    from projects.models import ConfidenceCheckIn

    ConfidenceCheckIn.objects.create(
        project=_marker_project("Marker confidence project"),
        person=person,
        when="before",
        research=2,
        speaking=3,
        understanding=4,
        skills="Marker skills used",
    )
    return ["Marker skills used"]


COVERED.update(
    {
        ("projects.TeamMember", "person"): build_team_row,
        ("projects.Post", "author"): build_post,
        ("projects.AgreementAcceptance", "person"): build_acceptance,
        ("projects.Decision", "proposed_by"): build_proposal,
        ("projects.Decision", "participants"): build_participation,
        ("projects.Decision_participants", "user"): build_participation,
        ("projects.Endorsement", "person"): build_endorsement,
        ("projects.DecisionComment", "author"): build_decision_comment,
        ("projects.Dissent", "person"): build_dissent,
        ("projects.ReflectionInvitation", "person"): build_invitation,
        ("projects.Reflection", "invitation"): build_reflection,
        ("projects.CheckIn", "invitation"): build_check_in,
        ("projects.ConfidenceCheckIn", "person"): build_confidence,
    }
)
THE_TEAMS_RECORD = (
    "the team's shared record (its agreement, a decision's recording, its stage, its "
    "report): the person's own part in it is exported by its own links"
)
EXCLUDED.update(
    {
        ("projects.Project", "opened_by"): STAFF_ACTOR,
        ("projects.Project", "request"): (
            "the project made from a researcher's request: the request is exported by its "
            "researcher link; the project is the team's"
        ),
        ("projects.TeamMember", "added_by"): STAFF_ACTOR,
        ("projects.Post", "hidden_by"): STAFF_ACTOR + " (moderation)",
        ("projects.DecisionComment", "hidden_by"): STAFF_ACTOR + " (moderation)",
        ("projects.AgreementVersion", "proposed_by"): THE_TEAMS_RECORD,
        ("projects.Decision", "recorded_by"): THE_TEAMS_RECORD,
        ("projects.StageChange", "by"): THE_TEAMS_RECORD,
        ("projects.GrippReport", "updated_by"): THE_TEAMS_RECORD,
    }
)
# Other people's support, comments, disagreement and participation hang off a decision
# the person proposed or took part in: not theirs.
NOT_FOLLOWED.update(
    {
        ("projects.Decision", "proposed_by"): "other people's responses hang off it",
        ("projects.Decision", "participants"): "a link to the decision",
        ("projects.Decision_participants", "user"): "a link to the decision",
    }
)
NO_PERSON["projects.ImpactReminder"] = "that an activity's researcher was reminded, once"
OUR_APPS.add("projects")
# end projects
