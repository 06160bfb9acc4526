"""The people and things the permission map (test_permission_map.py) asks about.

One of everything a URL of the project can name, so every path parameter is filled
with a real object: a URL that answered 404 for everyone would prove nothing.
"""

import datetime
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from members.factories import MemberFactory, ResearcherFactory, StaffFactory, UserFactory

PDF = b"%PDF-1.7\n" + b"0" * 200


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1, 1)).save(buffer, format="PNG")
    return buffer.getvalue()


ROLES = (
    "anonymous",
    "member",
    "researcher",
    "staff_no_permission",
    "staff_password_only",
    "staff",
    "admin",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)  # name -> pk, for path parameters
    pages: dict = field(default_factory=dict)  # name -> page


def _with_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


def client_for(world: World, role: str) -> Client:
    """A client signed in as `role`, with or without the second factor in its session."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    client = Client(raise_request_exception=False)
    if role == "anonymous":
        return client
    user = world.users[role]
    client.force_login(user)
    session = client.session
    # Signed in an hour ago: a fresh sign-in counts as confirming access
    # (members.adapters), and the map asks what a session meets later, when the pages
    # that need it ask for the password again (tests/members/test_reauthentication.py
    # covers the fresh sign-in).
    signed_in_at = time.time() - 3600
    methods = [{"method": "password", "at": signed_in_at, "email": user.email}]
    if role in {"staff_no_permission", "staff", "admin"}:
        methods.append({"method": "mfa", "at": signed_in_at, "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = methods
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def world_build() -> World:  # noqa: PLR0915 (one of everything, in one place)
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupApprovalTask,
        Page,
        PageViewRestriction,
        Site,
        Task,
        UploadedFile,
        Workflow,
        WorkflowTask,
    )

    from home.models import OutboxEmail
    from involvement.models import Involvement
    from members import roles
    from members.demo_content import demo_groups_create
    from members.models import EqualityBenchmark, GroupMembership, Region, Skill, Topic
    from opportunities.factories import (
        ResearchRequestFactory,
        opportunity_create,
        session_times,
    )
    from opportunities.services.applications import application_submit
    from opportunities.services.involvement import opportunity_activity_sync
    from reciprocity.factories import rate_card_example
    from reciprocity.models import ExpenseClaim, FinanceExport, Payment
    from reciprocity.services.expenses import expense_claim_submit
    from reciprocity.services.payments import payments_generate
    from training.factories import course_create, course_session_create
    from training.models import Booking
    from training.services.courses import training_index_get_or_create

    world = World()
    member = MemberFactory(email="member@example.org")
    researcher = ResearcherFactory(email="researcher@example.org")
    staff = _with_totp(StaffFactory(email="officer@example.org"))
    password_only = _with_totp(StaffFactory(email="password-only@example.org"))
    admin = _with_totp(UserFactory(email="admin@example.org", is_superuser=True, is_staff=True))
    # Admin access and nothing else: every screen that needs a model permission refuses.
    bare = Group.objects.create(name="Admin access only")
    bare.permissions.add(Permission.objects.get(codename="access_admin"))
    no_permission = _with_totp(UserFactory(email="bare@example.org", roles=[bare.name]))
    world.users = {
        "member": member,
        "researcher": researcher,
        "staff_no_permission": no_permission,
        "staff_password_only": password_only,
        "staff": staff,
        "admin": admin,
    }

    # Someone else's things: a claimant, their application, claim, receipt and payment.
    claimant = MemberFactory(email="claimant@example.org")
    groups = demo_groups_create()
    group = next(g for g in groups if g.slug == "living-with-diabetes")
    membership = GroupMembership.objects.create(
        member=claimant, group=group, status=GroupMembership.Status.APPLIED
    )
    research_request = ResearchRequestFactory(researcher=researcher, status="submitted")
    opportunity = opportunity_create(title="Diabetes panel", request=research_request)
    # Training's world (courses, sessions, bookings, certificates) starts with its index.
    training_index_get_or_create()
    from training.services.bookings import booking_make
    from training.services.completions import completion_record

    # A members' course with a session, and someone else's booking of it.
    course = course_create(title="How research works")
    training_session = course_session_create(course=course)
    training_booking = booking_make(session=training_session, person=claimant)
    # Someone else's certificate, which they let people check; a self-paced course for
    # members, to say one has finished.
    certificate = completion_record(
        person=claimant, course=course_create(title="Working together"), how="staff", by=staff
    )
    certificate.verifiable = True
    certificate.save(update_fields=["verifiable"])
    self_paced = course_create(title="Plain English", format="self_paced")
    course = course_create(title="Induction for members")
    course_session = course_session_create(course=course, days=-1)
    Booking.objects.create(session=course_session, person=member, status=Booking.Status.BOOKED)
    group_only = opportunity_create(
        title="Group only", visibility="groups", groups=[group], sessions=[session_times(30)]
    )
    application = application_submit(member=claimant, opportunity=opportunity, statement="Me")
    rate_card = rate_card_example()
    involvement = Involvement.objects.create(
        member=claimant,
        activity=opportunity_activity_sync(opportunity=opportunity),
        started_on=timezone.localdate(),
        hours=Decimal("2"),
    )
    expense_claim_submit(
        member=claimant,
        involvement=involvement,
        items=[{"kind": "other", "amount": "5", "receipt": SimpleUploadedFile("r.pdf", PDF)}],
    )
    claim = ExpenseClaim.objects.get(member=claimant)
    payments_generate(involvements=[involvement], by=staff)
    payment = Payment.objects.get(involvement=involvement)
    export = FinanceExport.objects.create(
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 1, 31),
        created_by=staff,
    )
    notification = OutboxEmail.objects.create(
        payload={}, to_address="claimant@example.org", subject="Hello", status="failed"
    )

    # Wagtail's own things.
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    collection = Collection.get_first_root_node().add_child(name="Private papers")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = get_document_model().objects.create(
        title="Minutes", file=ContentFile(PDF, name="minutes.pdf")
    )
    image = get_image_model().objects.create(
        title="Logo", file=ContentFile(_png(), name="logo.png"), width=1, height=1
    )
    revision = opportunity.save_revision(user=staff)
    restricted = home.add_child(instance=Page(title="Private", slug="private"))
    restriction = PageViewRestriction.objects.create(page=restricted, restriction_type="password")
    workflow = Workflow.objects.first() or Workflow.objects.create(name="Moderation")
    task = Task.objects.first()
    # A page in moderation: a workflow whose one task the staff role reviews, started on
    # a page of its own (so the opportunity's own answers do not change).
    review = GroupApprovalTask.objects.create(name="Staff review")
    review.groups.set([Group.objects.get(name=roles.INVOLVEMENT_STAFF)])
    reviewing = Workflow.objects.create(name="Staff review")
    WorkflowTask.objects.create(workflow=reviewing, task=review, sort_order=0)
    moderated = home.add_child(instance=Page(title="In moderation", slug="moderated"))
    moderated.save_revision(user=staff)
    workflow_state = reviewing.start(moderated, staff)
    # Half-finished uploads of the multiple uploader, the staff user's: one to finish and
    # one to delete, for documents and for images.
    uploads = {}
    for kind, model, content in (
        ("document", get_document_model(), PDF),
        ("image", get_image_model(), _png()),
    ):
        for use in ("finish", "delete"):
            uploads[f"{kind}_upload_{use}"] = UploadedFile.objects.create(
                for_content_type=ContentType.objects.get_for_model(model),
                file=ContentFile(
                    content, name=f"half-{use}.{'pdf' if kind == 'document' else 'png'}"
                ),
                uploaded_by_user=staff,
            ).pk

    # A fair lottery drawn (not applied) for the opportunity, with nobody in it.
    from opportunities.models import Lottery

    lottery = Lottery.objects.create(
        opportunity=opportunity, places=1, seed=1, summary={"pool": 0, "panels": 0}
    )
    # Group meetings, the member's side (area "meetings"): a meeting of the group (the
    # world's member is not in it; the claimant only asked to join), with an item for a
    # request of the world's researcher on its agenda, and a paper for that item.
    from opportunities.factories import AgendaItemFactory, meeting_create, paper_create

    group_meeting = meeting_create(group=group, title="Diabetes group meeting")
    agenda_item = AgendaItemFactory(
        meeting=group_meeting,
        request=ResearchRequestFactory(researcher=researcher, status="submitted"),
    )
    meeting_paper = paper_create(agenda_item=agenda_item, title="Draft leaflet")

    world.pages = {"home": home, "opportunity": opportunity, "group_only": group_only}
    world.ids = {
        "claimant": claimant.pk,
        "completion": certificate.pk,
        "certificate_code": certificate.certificate_code,
        "self_paced_course": self_paced.pk,
        "staff_user": staff.pk,
        "group": group.pk,
        "membership": membership.pk,
        "request": research_request.pk,
        "opportunity": opportunity.pk,
        "course": course.pk,
        "course_session": course_session.pk,
        "group_only": group_only.pk,
        "group_only_session": group_only.sessions.get().pk,
        "training_session": training_session.pk,
        "training_booking": training_booking.pk,
        "application": application.pk,
        "lottery": lottery.pk,
        "claim": claim.pk,
        "item": claim.items.get().pk,
        "payment": payment.pk,
        "export": export.pk,
        "notification": notification.pk,
        "rate_card": rate_card.pk,
        "site": site.pk,
        "collection": collection.pk,
        "document": document.pk,
        "image": image.pk,
        "revision": revision.pk,
        "restricted_page": restricted.pk,
        "page_restriction": restriction.pk,
        "collection_restriction": collection.get_view_restrictions().get().pk,
        "workflow": workflow.pk,
        "task": task.pk if task else 0,
        "moderated_page": moderated.pk,
        "workflow_state": workflow_state.pk,
        "task_state": workflow_state.current_task_state.pk,
        "review_task": review.pk,
        **uploads,
        "user_group": Group.objects.get(name="Member").pk,
        "topic": Topic.objects.first().pk,
        "skill": Skill.objects.first().pk,
        "region": Region.objects.first().pk,
        "benchmark": EqualityBenchmark.objects.first().pk,
        "year": f"{timezone.localdate().year}-{timezone.localdate().year + 1 - 2000:02d}",
        # Group meetings, the member's side (area "meetings").
        "meeting": group_meeting.pk,
        "paper": meeting_paper.pk,
    }
    # Group meetings, the staff screens: a meeting of the group held yesterday, with an
    # item from a researcher's request (feedback), a paper, notes with someone else's
    # correction, and a request waiting for a slot at it.
    from opportunities.factories import AgendaItemFactory, meeting_create, paper_create
    from opportunities.models import MeetingNotes, NotesCorrection, Route

    staff_meeting = meeting_create(group=group, days=-1, title="Staff screens' meeting")
    staff_agenda_item = AgendaItemFactory(
        meeting=staff_meeting,
        request=ResearchRequestFactory(researcher=researcher, route=Route.MEETING_SLOT),
    )
    staff_notes = MeetingNotes.objects.create(meeting=staff_meeting, text="What we said.")
    world.ids.update(
        {
            "staff_meeting": staff_meeting.pk,
            "staff_agenda_item": staff_agenda_item.pk,
            "staff_slot_request": ResearchRequestFactory(
                researcher=researcher, route=Route.MEETING_SLOT, group=group
            ).pk,
            "staff_paper": paper_create(meeting=staff_meeting, title="Staff screens' paper").pk,
            "staff_correction": NotesCorrection.objects.create(
                notes=staff_notes, member=claimant, suggestion="I said three, not two."
            ).pk,
        }
    )
    # End of group meetings, the staff screens.
    # comment_rounds: an open round of the group for the researcher's request (the world's
    # member is not an active member of the group), and a closed one, whose comments are
    # collated for the researcher.
    from opportunities.factories import comment_round_create

    world.ids["comment_round"] = comment_round_create(
        group=group, request=research_request, title="Comments on our leaflet"
    ).pk
    world.ids["comment_round_closed"] = comment_round_create(
        group=group,
        request=research_request,
        title="Comments on our consent form",
        status="closed",
        closed_at=timezone.now(),
    ).pk
    # end comment_rounds
    # projects: an accepted request's project whose team is the world's researcher, its
    # member and a staff member who is not one of the world's roles (so the world's
    # staff see it through their permission only). Each area adds its objects here.
    from projects.factories import project_create

    project = project_create(
        researcher=researcher,
        members=[member],
        staff=StaffFactory(email="project.officer@example.org"),
        project_title="Our co-produced project",
    )
    world.ids["project"] = project.pk
    # projects, the staff screens: an accepted request with no project yet (to open
    # one), and the member's row on the project's team (take off, make a lead).
    world.ids["request_without_project"] = ResearchRequestFactory(
        researcher=researcher, status="accepted", project_title="Waiting for a project"
    ).pk
    world.ids["project_row"] = project.team.get(person=member).pk
    # end projects, the staff screens
    # projects, reflections: the stage has changed once, so the world's member (and
    # everyone else on the team) has an invitation to reflect; the map asks for the
    # member's, which only the member may open.
    from projects.models import ReflectionInvitation
    from projects.services.reflections import project_stage_change

    stage_change = project_stage_change(project=project, stage="funding", by=researcher)
    world.ids["invitation"] = ReflectionInvitation.objects.get(
        stage_change=stage_change, person=member
    ).pk
    # projects (conversation): a message by the world's member in the project's thread.
    from projects.models import Post

    world.ids["post"] = Post.objects.create(project=project, author=member, body="Hello, team.").pk
    # end projects (conversation)
    # projects, area C (agreement and decisions): a proposal in the world's project, so its
    # page, and the page recording its outcome, answer 200 to those who may see them.
    from projects.services.decisions import decision_propose

    world.ids["decision"] = decision_propose(
        project=project, person=member, title="Which evenings suit the team?", tell_team=False
    ).pk
    # end projects
    return world


# What fills each path parameter, by URL name (first match wins) then parameter name.
# A pattern whose parameters are not all filled here fails the test.
def url_kwargs(name: str, params: list[str], world: World) -> dict | None:
    ids = world.ids
    by_name = {
        "members_member_record": {"user_id": ids["claimant"]},
        "members_member_erase": {"user_id": ids["claimant"]},
        "members_researcher_decide": {"user_id": ids["claimant"]},
        "reciprocity_skill_add": {"user_id": ids["claimant"]},
        "members_equality_benchmark_figures": {"characteristic": "sex"},
        "opportunities_application_decide": {
            "application_id": ids["application"],
            "status": "shortlisted",
        },
        "opportunities:request_step": {"research_request_id": ids["request"], "slug": "project"},
        "opportunities:request_impact": {
            "research_request_id": ids["request"],
            "opportunity_id": ids["opportunity"],
        },
        # A group-only opportunity's calendar files: only those who may see its page.
        "opportunities:opportunity_calendar": {"opportunity_id": ids["group_only"]},
        "opportunities:session_calendar": {
            "opportunity_id": ids["group_only"],
            "session_id": ids["group_only_session"],
        },
        "members:profile_step": {"slug": "about"},
        "members:equality_step": {"slug": "age"},
        "reciprocity:statement_year": {"year": ids["year"]},
        # Booking needs a session still to come (the claimant is booked on it).
        "training:book": {"session_id": ids["training_session"]},
        "training_booking_assisted": {"session_id": ids["training_session"]},
        "training:course_finished": {"course_id": ids["self_paced_course"]},
        "training:certificate": {"completion_id": ids["completion"]},
        "training:certificate_pdf": {"completion_id": ids["completion"]},
        "training:certificate_verifiable": {"completion_id": ids["completion"]},
        "training:certificate_check": {"code": ids["certificate_code"]},
        "training_completion": {"completion_id": ids["completion"]},
        "training_completion_revoke": {"completion_id": ids["completion"]},
        "reciprocity:expense_cost": {"index": 0},
        "reciprocity:expense_cost_details": {"index": 0},
        "reciprocity:expense_cost_remove": {"index": 0},
        "reciprocity:statement_pdf": {"year": ids["year"]},
        "wagtail_bulk_action": {"app_label": "members", "model_name": "user", "action": "delete"},
        "wagtailadmin_api:pages:action": {"pk": ids["opportunity"], "action_name": "copy"},
        "wagtailadmin_api:documents:detail": {"pk": ids["document"]},
        "wagtailadmin_api:images:detail": {"pk": ids["image"]},
        "wagtailadmin_api:pages:detail": {"pk": ids["opportunity"]},
        "wagtailadmin_pages:move_confirm": {
            "page_to_move_id": ids["opportunity"],
            "destination_id": world.pages["home"].pk,
        },
        "wagtailadmin_pages:revisions_compare": {
            "pk": ids["opportunity"],
            "revision_id_a": "earliest",
            "revision_id_b": "latest",
        },
        "wagtailadmin_pages:add": {
            "content_type_app_name": "home",
            "content_type_model_name": "standardpage",
            "parent_page_id": world.pages["home"].pk,
        },
        "wagtailadmin_pages:preview_on_add": {
            "content_type_app_name": "home",
            "content_type_model_name": "standardpage",
            "parent_page_id": world.pages["home"].pk,
        },
        "wagtailadmin_pages:type_use": {
            "content_type_app_name": "opportunities",
            "content_type_model_name": "opportunitypage",
        },
        "wagtailadmin_pages:type_use_results": {
            "content_type_app_name": "opportunities",
            "content_type_model_name": "opportunitypage",
        },
        "wagtailadmin_pages:choose_parent": {"app_label": "home", "model_name": "standardpage"},
        "wagtailadmin_tag_model_autocomplete": {
            "app_name": "wagtaildocs",
            "model_name": "document",
        },
        "wagtailadmin_workflows:add_task": {
            "app_label": "wagtailcore",
            "model_name": "groupapprovaltask",
        },
        "wagtailsettings:edit": {
            "app_name": "home",
            "model_name": "organisationsettings",
            "pk": ids["site"],
        },
        "wagtailsettings:preview_on_edit": {
            "app_name": "home",
            "model_name": "organisationsettings",
            "pk": ids["site"],
        },
        "wagtailimages:preview": {"image_id": ids["image"], "filter_spec": "original"},
        "wagtailcore_authenticate_with_password": {
            "page_view_restriction_id": ids["page_restriction"],
            "page_id": ids["restricted_page"],
        },
        "wagtaildocs_authenticate_with_password": {"restriction_id": ids["collection_restriction"]},
        "wagtailadmin_collections:set_privacy": {"collection_id": ids["collection"]},
        "wagtailadmin_workflows:remove": {
            "page_pk": ids["opportunity"],
            "workflow_pk": ids["workflow"],
        },
        "wagtailadmin_workflows:task_chosen": {"task_id": ids["task"]},
        "wagtailadmin_pages:workflow_action": {
            "page_id": ids["moderated_page"],
            "action_name": "reject",
            "task_state_id": ids["task_state"],
        },
        "wagtailadmin_pages:collect_workflow_action_data": {
            "page_id": ids["moderated_page"],
            "action_name": "reject",
            "task_state_id": ids["task_state"],
        },
        "wagtailadmin_pages:workflow_preview": {
            "page_id": ids["moderated_page"],
            "task_id": ids["review_task"],
        },
        "wagtailadmin_pages:workflow_history_detail": {
            "page_id": ids["moderated_page"],
            "workflow_state_id": ids["workflow_state"],
        },
        "wagtaildocs:create_multiple_from_uploaded_document": {
            "uploaded_file_id": ids["document_upload_finish"],
        },
        "wagtaildocs:delete_upload_multiple": {"uploaded_file_id": ids["document_upload_delete"]},
        "wagtailimages:create_multiple_from_uploaded_image": {
            "uploaded_file_id": ids["image_upload_finish"],
        },
        "wagtailimages:delete_upload_multiple": {"uploaded_file_id": ids["image_upload_delete"]},
        # Group meetings, the staff screens.
        **{
            name: {"group_id": ids["group"]}
            for name in (
                "opportunities_group_meetings",
                "opportunities_meeting_new",
                "opportunities_meeting_series_new",
            )
        },
        **{
            name: {"meeting_id": ids["staff_meeting"]}
            for name in (
                "opportunities_meeting_admin",
                "opportunities_meeting_edit",
                "opportunities_meeting_cancel",
                "opportunities_agenda_item_new",
                "opportunities_meeting_paper_new",
                "opportunities_meeting_register",
                "opportunities_meeting_notes",
            )
        },
        **{
            name: {"item_id": ids["staff_agenda_item"]}
            for name in (
                "opportunities_agenda_item_edit",
                "opportunities_agenda_item_remove",
                "opportunities_agenda_item_move",
                "opportunities_agenda_feedback",
            )
        },
        "opportunities_agenda_slot_accept": {
            "meeting_id": ids["staff_meeting"],
            "research_request_id": ids["staff_slot_request"],
        },
        "opportunities_meeting_paper_remove": {"paper_id": ids["staff_paper"]},
        "opportunities_notes_correction": {"correction_id": ids["staff_correction"]},
        # End of group meetings, the staff screens.
        # comment_rounds: the collated comments of the closed round (the researcher's).
        "opportunities:comment_round_collated": {"round_id": ids["comment_round_closed"]},
        "opportunities:comment_round_collated_csv": {"round_id": ids["comment_round_closed"]},
        # end comment_rounds
        # projects, the staff screens: their own request and team row parameters.
        "projects_open": {"request_id": ids["request_without_project"]},
        "projects_team_remove": {"project_id": ids["project"], "row_id": ids["project_row"]},
        "projects_team_lead": {"project_id": ids["project"], "row_id": ids["project_row"]},
        # end projects, the staff screens
    }
    if name in by_name:
        kwargs = {k: v for k, v in by_name[name].items() if k in params}
        return kwargs if set(kwargs) == set(params) else None
    # A viewset's <pk>: the object of the viewset's own model.
    pk_by_namespace = {
        "wagtailsnippets_members_topic": "topic",
        "wagtailsnippetchoosers_members_topic": "topic",
        "wagtailsnippets_members_skill": "skill",
        "wagtailsnippetchoosers_members_skill": "skill",
        "wagtailsnippets_members_region": "region",
        "wagtailsnippetchoosers_members_region": "region",
        "wagtailsnippets_members_equalitybenchmark": "benchmark",
        "wagtailsnippetchoosers_members_equalitybenchmark": "benchmark",
        "rate_cards": "rate_card",
        "outgoing_email": "notification",
        "wagtailsites": "site",
        "wagtailusers_users": "claimant",
        "wagtailusers_groups": "user_group",
        "wagtailadmin_collections": "collection",
        "wagtaildocs_chooser": "document",
        "wagtailimages_chooser": "image",
    }
    by_param = {
        "group_id": ids["group"],
        "membership_id": ids["membership"],
        "research_request_id": ids["request"],
        "opportunity_id": ids["opportunity"],
        "application_id": ids["application"],
        "lottery_id": ids["lottery"],
        "claim_id": ids["claim"],
        "item_id": ids["item"],
        "payment_id": ids["payment"],
        "export_id": ids["export"],
        "page_id": ids["opportunity"],
        "parent_page_id": world.pages["home"].pk,
        "page_to_move_id": ids["opportunity"],
        "revision_id": ids["revision"],
        "document_id": ids["document"],
        "doc_id": ids["document"],
        "image_id": ids["image"],
        "page_pk": ids["opportunity"],
        # A session held yesterday (its register can be taken), with the member's booking.
        "session_id": ids["course_session"],
        # Someone else's place on a session to come (staff may cancel it for them).
        "booking_id": ids["training_booking"],
        "course_id": ids["course"],
        # Group meetings, the member's side (area "meetings").
        "meeting_id": ids["meeting"],
        "paper_id": ids["paper"],
        "round_id": ids["comment_round"],  # comment_rounds: the open round
        "project_id": ids["project"],  # projects: the world's project (one block per area)
        "invitation_id": ids["invitation"],  # projects, reflections: the member's invitation
        "post_id": ids["post"],  # projects (conversation): a message in the world's project
        "decision_id": ids["decision"],  # projects, area C: a proposal in the world's project
    }
    namespace = name.rsplit(":", 1)[0] if ":" in name else ""
    kwargs = {}
    for param in params:
        if param == "pk" and namespace in pk_by_namespace:
            kwargs[param] = ids[pk_by_namespace[namespace]]
        elif param == "pk" and namespace == "wagtailadmin_workflows":
            kwargs[param] = ids["task"] if "task" in name else ids["workflow"]
        elif param in by_param:
            kwargs[param] = by_param[param]
    return kwargs if set(kwargs) == set(params) else None


def route_params(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)
