"""Written comment rounds, the pages: a member's round page, the collated page and its
spreadsheet, the staff screens, the group and account sections; who is refused; and
the query budgets."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.factories import ResearcherFactory, StaffFactory
from opportunities.factories import (
    TINY_PDF,
    ResearchRequestFactory,
    comment_round_create,
    paper_create,
)
from opportunities.models import CommentRound, Paper, RoundResponse
from opportunities.models.research_requests import Route
from opportunities.services.comment_rounds import (
    comment_round_close,
    comment_round_comment_save,
    comment_round_opt_in,
)
from tests.opportunities.comment_round_world import active_member, demo_group, round_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return round_world()


def page(round_id):
    return f"/comments/{round_id}/"


def collated(round_id):
    return f"/comments/{round_id}/collated/"


def csv_url(round_id):
    return f"/comments/{round_id}/collated.csv"


def admin(round_id):
    return f"/admin/comment-rounds/{round_id}/"


def sent(world, member, text, minutes=None):
    comment_round_opt_in(comment_round=world.comment_round, member=member)
    return comment_round_comment_save(
        comment_round=world.comment_round,
        member=member,
        comment=text,
        minutes_spent=minutes,
        send=True,
    )


def close(world):
    comment_round_close(comment_round=world.comment_round)
    world.comment_round.refresh_from_db()


# --- A member's page -------------------------------------------------------------------


def test_a_member_opts_in_writes_a_draft_sends_and_changes_their_comments(client, world):
    client.force_login(world.alice)
    url = page(world.comment_round.pk)
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert world.comment_round.question in text
    assert "30 minutes" in text and "I will comment" in text
    assert client.post(url, {"action": "opt_in"}).status_code == 302
    assert RoundResponse.objects.filter(member=world.alice).exists()
    client.post(url, {"action": "draft", "comment": "A first go", "minutes_spent": ""})
    response = RoundResponse.objects.get(member=world.alice)
    assert response.comment == "A first go" and response.submitted_at is None
    client.post(url, {"action": "send", "comment": "My comments", "minutes_spent": "25"})
    response.refresh_from_db()
    assert response.submitted_at is not None and response.minutes_spent == 25
    client.post(url, {"action": "send", "comment": "My comments, changed", "minutes_spent": "25"})
    response.refresh_from_db()
    assert response.comment == "My comments, changed"
    assert "Save changes" in client.get(url).content.decode()


def test_the_comment_form_labels_say_optional_once_and_when_comments_are_needed(client, world):
    client.force_login(world.alice)
    url = page(world.comment_round.pk)
    client.post(url, {"action": "opt_in"})
    text = client.get(url).content.decode()
    assert "(optional) (optional)" not in text
    assert "About how long it took you, in minutes (optional)" in text
    assert "Your comments (needed to send them)" in text


def test_sending_nothing_comes_back_with_the_error_and_the_input_kept(client, world):
    client.force_login(world.alice)
    url = page(world.comment_round.pk)
    client.post(url, {"action": "opt_in"})
    response = client.post(url, {"action": "send", "comment": "", "minutes_spent": "9999"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in text
    assert "Write your comments before sending them." in text
    assert "Enter 600 minutes or fewer" in text
    assert 'value="9999"' in text
    assert RoundResponse.objects.get(member=world.alice).submitted_at is None


def test_after_closing_the_page_is_read_only_and_posts_change_nothing(client, world):
    sent(world, world.alice, "Before the close")
    close(world)
    client.force_login(world.alice)
    url = page(world.comment_round.pk)
    response = client.post(url, {"action": "send", "comment": "After the close"})
    assert response.status_code == 302
    assert RoundResponse.objects.get(member=world.alice).comment == "Before the close"
    text = client.get(url).content.decode()
    assert "This round closed on" in text and "Before the close" in text
    assert "<textarea" not in text and "I will comment" not in text
    client.force_login(world.bob)
    client.post(url, {"action": "opt_in"})
    assert not RoundResponse.objects.filter(member=world.bob).exists()


def test_a_member_never_sees_others_comments_while_open_and_not_shared(client, world):
    sent(world, world.alice, "SECRET-FROM-ALICE")
    client.force_login(world.bob)
    assert "SECRET-FROM-ALICE" not in client.get(page(world.comment_round.pk)).content.decode()
    close(world)
    text = client.get(page(world.comment_round.pk)).content.decode()
    # Once closed: read, without names.
    assert "SECRET-FROM-ALICE" in text and "Member 1" in text
    assert "Alice Ng" not in text


def test_when_the_group_shared_comments_members_read_them_while_open(client, world):
    world.comment_round.comments_shared = True
    world.comment_round.save()
    sent(world, world.alice, "Shared words")
    client.force_login(world.bob)
    text = client.get(page(world.comment_round.pk)).content.decode()
    assert "Shared words" in text and "Alice Ng" not in text


def test_the_rounds_documents_are_listed(client, world):
    leaflet = paper_create(comment_round=world.comment_round, title="Participant leaflet")
    paper_create(
        comment_round=world.comment_round,
        title="Leaflet, easy read",
        version=Paper.Version.EASY_READ,
        version_of=leaflet,
    )
    client.force_login(world.alice)
    text = client.get(page(world.comment_round.pk)).content.decode()
    assert "Participant leaflet" in text and "Easy read" in text


def test_refused_to_people_who_may_not_see_the_round(client, world, member, staff):
    url = page(world.comment_round.pk)
    assert client.get(url).status_code == 302  # to sign in
    other_group_member = active_member(demo_group("carers-voice"))
    other_researcher = ResearcherFactory()
    ResearchRequestFactory(researcher=other_researcher, route=Route.COMMENTS)
    staff_without = StaffFactory(email="no-rounds@example.org")
    staff_without.groups.clear()
    for person in (member, other_group_member, other_researcher, staff_without):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
        assert client.post(url, {"action": "opt_in"}).status_code == 404, person
    assert not RoundResponse.objects.exists()


def test_the_researcher_reads_the_round_but_cannot_comment(client, world):
    client.force_login(world.researcher)
    url = page(world.comment_round.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "opt_in"}).status_code == 403


def test_a_draft_round_is_not_found_by_members(client, world):
    draft = comment_round_create(
        group=world.group, request=world.request, status=CommentRound.Status.DRAFT
    )
    for person in (world.alice, world.researcher):
        client.force_login(person)
        assert client.get(page(draft.pk)).status_code == 404


# --- Collated --------------------------------------------------------------------------


def test_the_researcher_reads_the_comments_collated_once_closed(client, world):
    sent(world, world.alice, "Font too small", minutes=40)
    sent(world, world.bob, "Clear enough")
    client.force_login(world.researcher)
    assert client.get(collated(world.comment_round.pk)).status_code == 404  # still open
    close(world)
    response = client.get(collated(world.comment_round.pk))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Font too small" in text and "Clear enough" in text
    assert "Member 1" in text and "Member 2" in text
    assert "Alice Ng" not in text and "Bob O&#x27;Neill" not in text
    assert "1 hour and 10 minutes" in text  # 40 + the expected 30


def test_the_collated_page_is_refused_to_members_and_other_researchers(client, world, member):
    sent(world, world.alice, "Mine")
    close(world)
    other_researcher = ResearcherFactory()
    staff_without = StaffFactory(email="no-rounds@example.org")
    staff_without.groups.clear()
    for person in (world.alice, world.bob, member, other_researcher, staff_without):
        client.force_login(person)
        assert client.get(collated(world.comment_round.pk)).status_code == 404, person
        assert client.get(csv_url(world.comment_round.pk)).status_code == 404, person


def test_staff_read_the_collated_comments_any_time(admin_login, staff, world):
    sent(world, world.alice, "Early words")
    client = admin_login(staff)
    assert "Early words" in client.get(collated(world.comment_round.pk)).content.decode()


def test_the_spreadsheet_keeps_formulas_as_text(client, world):
    sent(world, world.alice, '=HYPERLINK("http://example.com","click")')
    close(world)
    client.force_login(world.researcher)
    response = client.get(csv_url(world.comment_round.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["People who commented", "1"] in rows
    assert ["Member 1", '\'=HYPERLINK("http://example.com","click")', "30"] in rows


def _responses(world, count):
    members = [active_member(world.group) for _ in range(count)]
    now = timezone.now()
    RoundResponse.objects.bulk_create(
        RoundResponse(
            round=world.comment_round,
            member=person,
            comment=f"Comment {i}",
            submitted_at=now,
        )
        for i, person in enumerate(members)
    )


@pytest.mark.parametrize("url", [collated, csv_url])
def test_collated_page_and_spreadsheet_query_budget(client, world, url, django_assert_num_queries):
    _responses(world, 2)
    close(world)
    client.force_login(world.researcher)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url(world.comment_round.pk))  # the session's first use is not the page's
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(world.comment_round.pk)).status_code == 200
    _responses_more = [active_member(world.group) for _ in range(198)]
    RoundResponse.objects.bulk_create(
        RoundResponse(
            round=world.comment_round, member=person, comment="More", submitted_at=timezone.now()
        )
        for person in _responses_more
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url(world.comment_round.pk))
    assert response.status_code == 200
    assert "Member 200" in response.content.decode()


# --- Staff screens ---------------------------------------------------------------------


def test_staff_screens_are_refused_without_the_permission(client, admin_login, world, member):
    urls = ["/admin/comment-rounds/", "/admin/comment-rounds/new/", admin(world.comment_round.pk)]
    staff_without = StaffFactory(email="no-rounds@example.org")
    # Staff who may do everything else, but not run comment rounds.
    for permission in Permission.objects.filter(
        codename__in=["run_comment_round", "view_commentround"]
    ):
        for group in staff_without.groups.all():
            group.permissions.remove(permission)
    signed_in = admin_login(staff_without)
    for url in urls:
        assert signed_in.get(url).status_code in (302, 403), url
        assert signed_in.post(url, {"action": "close"}).status_code in (302, 403), url
    world.comment_round.refresh_from_db()
    assert world.comment_round.status == CommentRound.Status.OPEN
    client.force_login(member)
    for url in urls:
        assert client.get(url).status_code in (302, 403)


def test_the_list_query_budget(admin_login, staff, world, django_assert_max_num_queries):
    client = admin_login(staff)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    comment_round_create(group=world.group)
    client.get("/admin/comment-rounds/")  # the session's first use is not the page's
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/comment-rounds/").status_code == 200
    for _ in range(48):
        comment_round_create(group=world.group, request=world.request)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/comment-rounds/")
    assert response.status_code == 200
    assert response.content.decode().count("/admin/comment-rounds/") >= 50


def test_staff_make_a_round_from_a_request_open_it_and_close_it(
    admin_login, staff, world, django_capture_on_commit_callbacks
):
    client = admin_login(staff)
    form = client.get(f"/admin/comment-rounds/new/?request={world.request.pk}").content.decode()
    assert 'value="Leaflet study"' in form
    closes = (timezone.localtime() + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/admin/comment-rounds/new/",
        {
            "group": world.group.pk,
            "title": "Leaflet study",
            "question": "What would you change?",
            "closes_at": closes,
            "expected_minutes": "45",
            "request": world.request.pk,
        },
    )
    assert response.status_code == 302
    made = CommentRound.objects.get(title="Leaflet study", question="What would you change?")
    assert made.status == CommentRound.Status.DRAFT and made.created_by == staff
    assert timezone.localtime(made.closes_at).strftime("%Y-%m-%dT%H:%M") == closes
    url = admin(made.pk)
    upload = SimpleUploadedFile("leaflet.pdf", TINY_PDF, content_type="application/pdf")
    client.post(
        url,
        {
            "action": "paper",
            "paper-title": "Leaflet",
            "paper-file": upload,
            "paper-version": "standard",
        },
    )
    assert made.papers.get().title == "Leaflet"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "open"})
    made.refresh_from_db()
    assert made.status == CommentRound.Status.OPEN
    assert {"alice@example.org", "bob@example.org"} <= {m.to[0] for m in mail.outbox}
    later = (timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {
            "action": "edit",
            "title": "Leaflet study",
            "question": "What would you change?",
            "closes_at": later,
            "expected_minutes": "45",
            "request": world.request.pk,
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert timezone.localtime(made.closes_at).strftime("%Y-%m-%dT%H:%M") == later
    sent_world = type(world)(
        world.group, world.alice, world.bob, world.researcher, world.request, made
    )
    sent(sent_world, world.alice, "Looks fine", minutes=20)
    text = client.get(url).content.decode()
    assert "Alice Ng" in text  # staff see who commented
    client.post(url, {"action": "paper_remove", "paper": made.papers.get().pk})
    assert not made.papers.exists()
    client.post(url, {"action": "close"})
    made.refresh_from_db()
    assert made.status == CommentRound.Status.CLOSED
    assert made.activity.involvements.get().member == world.alice


def test_a_new_round_with_errors_comes_back_with_them(admin_login, staff, world):
    response = admin_login(staff).post("/admin/comment-rounds/new/", {"group": world.group.pk})
    text = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in text
    assert "Say what members are asked to comment on." in text
    assert not CommentRound.objects.exclude(pk=world.comment_round.pk).exists()


# --- Sections on the group page and the account page -----------------------------------


def test_the_group_page_shows_open_rounds_to_active_members_only(client, world, member):
    client.force_login(world.alice)
    assert "Comments wanted" in client.get(world.group.url).content.decode()
    client.force_login(member)
    assert "Comments wanted" not in client.get(world.group.url).content.decode()


def test_the_account_page_shows_rounds_wanted_with_the_members_status(client, world):
    client.force_login(world.alice)
    text = client.get("/account/").content.decode()
    assert "Comments wanted from you" in text and "not started" in text
    client.post(page(world.comment_round.pk), {"action": "opt_in"})
    text = client.get("/account/").content.decode()
    assert "you said you will comment" in text
    close(world)
    assert "Comments wanted from you" not in client.get("/account/").content.decode()


def test_with_the_page_cache_on_the_account_page_follows_the_response_and_the_round(
    client, world, settings, staff, django_capture_on_commit_callbacks
):
    """As in production: the account page is kept per person, and is fresh again when
    their response changes (people_changed) and when the round opens or closes."""
    from home import page_cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    try:
        client.force_login(world.alice)
        assert "not started" in client.get("/account/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(page(world.comment_round.pk), {"action": "opt_in"})
        assert "you said you will comment" in client.get("/account/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                page(world.comment_round.pk),
                {"action": "send", "comment": "Done", "minutes_spent": ""},
            )
        assert ": sent" in client.get("/account/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            close(world)
        assert "Comments wanted from you" not in client.get("/account/").content.decode()
        from opportunities.services.comment_rounds import comment_round_create as make
        from opportunities.services.comment_rounds import comment_round_open

        with django_capture_on_commit_callbacks(execute=True):
            later = make(
                group=world.group,
                title="A second round",
                question="?",
                closes_at=timezone.now() + datetime.timedelta(days=3),
                expected_minutes=20,
                by=staff,
            )
            comment_round_open(comment_round=later, by=staff)
        assert "A second round" in client.get("/account/").content.decode()
    finally:
        page_cache._paused_until = 0.0
        page_cache._bump_pending = False
