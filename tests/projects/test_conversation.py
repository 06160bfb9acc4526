"""The team's conversation: the thread, progress updates, moderation, "what is
happening now" and a person's own choices; who sees what."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.factories import MemberFactory
from projects.models import Post, TeamMember
from projects.services.conversation import post_add, post_hide

pytestmark = pytest.mark.django_db


def url(project, name="projects:conversation", **kwargs):
    return reverse(name, kwargs={"project_id": project.pk, **kwargs})


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context.captured_queries)


def row_of(world, person) -> TeamMember:
    return TeamMember.objects.get(project=world.project, person=person)


# Who sees what -------------------------------------------------------------------------

TEAM_PAGES = ["projects:conversation", "projects:my_settings"]
RESEARCHER_PAGES = ["projects:update_new", "projects:now"]


@pytest.mark.parametrize("name", TEAM_PAGES)
def test_team_members_see_the_teams_pages(client, world, name):
    for person in (world.researcher, world.ana, world.ben):
        client.force_login(person)
        assert client.get(url(world.project, name)).status_code == 200


@pytest.mark.parametrize("name", TEAM_PAGES + RESEARCHER_PAGES)
@pytest.mark.parametrize("who", ["other_member", "other_researcher", "other_staff"])
def test_people_not_on_the_team_are_told_nothing(client, world, name, who):
    client.force_login(getattr(world, who))
    assert client.get(url(world.project, name)).status_code == 404
    assert client.post(url(world.project, name), {"body": "Hello"}).status_code == 404
    assert not Post.objects.exists()


def test_post_hide_is_not_found_for_people_not_on_the_team(client, world):
    post = post_add(project=world.project, author=world.ben, body="Hello")
    for who in (world.other_member, world.other_researcher, world.other_staff):
        client.force_login(who)
        address = url(world.project, "projects:post_hide", post_id=post.pk)
        assert client.get(address).status_code == 404
        assert client.post(address, {"reason": "No"}).status_code == 404
    post.refresh_from_db()
    assert post.hidden_at is None


@pytest.mark.parametrize("name", ["projects:conversation"] + RESEARCHER_PAGES)
def test_staff_see_the_staff_pages_only_with_the_second_factor(client, world, admin_login, name):
    client.force_login(world.other_staff)
    assert client.get(url(world.project, name)).status_code == 404
    admin_login(world.other_staff)
    assert client.get(url(world.project, name)).status_code == 200


def test_staff_not_on_the_team_have_no_choices_page(client, world, admin_login):
    admin_login(world.other_staff)
    assert client.get(url(world.project, "projects:my_settings")).status_code == 404
    # Staff on the team have their own choices.
    admin_login(world.staff)
    assert client.get(url(world.project, "projects:my_settings")).status_code == 200


def test_members_may_not_post_progress_updates(client, world):
    for member in (world.ana, world.ben):  # ana is a lead: she steers, but does not report
        client.force_login(member)
        address = url(world.project, "projects:update_new")
        assert client.get(address).status_code == 404
        assert client.post(address, {"body": "It went well"}).status_code == 404
    assert not Post.objects.exists()


def test_a_member_who_is_not_a_lead_may_not_change_what_is_happening_now(client, world):
    client.force_login(world.ben)
    assert client.post(url(world.project, "projects:now"), {"now": "Nope"}).status_code == 404
    world.project.refresh_from_db()
    assert world.project.now == ""


def test_moderation_is_refused_to_members_and_researchers(client, world, admin_login):
    post = post_add(project=world.project, author=world.ben, body="Hello")
    address = url(world.project, "projects:post_hide", post_id=post.pk)
    for person in (world.ana, world.ben, world.researcher):
        client.force_login(person)
        assert client.get(address).status_code == 404
        assert client.post(address, {"reason": "Rude"}).status_code == 404
    # Staff on the team, signed in with the password only, have no staff powers.
    client.force_login(world.staff)
    assert client.post(address, {"reason": "Rude"}).status_code == 404
    post.refresh_from_db()
    assert post.hidden_at is None


def test_navigation_offers_each_person_what_they_may_use(client, world):
    client.force_login(world.ben)
    page = client.get(url(world.project)).text
    assert "Your choices" in page
    assert "Post a progress update" not in page
    client.force_login(world.researcher)
    page = client.get(url(world.project)).text
    assert "Post a progress update" in page and "What is happening now" in page


# The thread ----------------------------------------------------------------------------


def test_a_member_posts_and_the_team_reads_it(client, world):
    client.force_login(world.ben)
    response = client.post(url(world.project), {"body": "I can come on Tuesday."})
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.author, post.kind, post.body) == (world.ben, "message", "I can come on Tuesday.")
    client.force_login(world.ana)
    page = client.get(url(world.project)).text
    assert "I can come on Tuesday." in page and "Ben O&#x27;Neill" in page


def test_an_empty_message_is_refused_with_an_error(client, world):
    client.force_login(world.ben)
    response = client.post(url(world.project), {"body": "   "})
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert "Write your message" in response.text
    assert "nhsuk-error-summary" in response.text
    assert not Post.objects.exists()


def test_a_message_too_long_is_refused_and_kept(client, world):
    client.force_login(world.ben)
    body = "My story. " * 501
    response = client.post(url(world.project), {"body": body})
    assert response.status_code == 200
    assert "5,000 characters or fewer" in response.text
    assert "My story. My story." in response.text  # what they wrote is still there
    assert not Post.objects.exists()


def test_progress_updates_are_marked(client, world):
    post_add(project=world.project, author=world.researcher, body="Funded!", kind="update")
    client.force_login(world.ben)
    page = client.get(url(world.project)).text
    assert "Progress update" in page and "Funded!" in page


def test_a_hidden_post_shows_the_reason_not_the_body(client, world, admin_login):
    post = post_add(project=world.project, author=world.ben, body="Something unkind")
    post_hide(post=post, by=world.staff, reason="It named a patient.")
    client.force_login(world.ana)
    page = client.get(url(world.project)).text
    assert "This message was hidden by the involvement team: It named a patient." in page
    assert "Something unkind" not in page
    admin_login(world.other_staff)
    page = client.get(url(world.project)).text
    assert "Something unkind" in page  # staff still read it
    assert "It named a patient." in page


def test_the_thread_opens_on_its_newest_page(client, world):
    Post.objects.bulk_create(
        Post(project=world.project, author=world.ben, body=f"Message number {n:02d}")
        for n in range(45)
    )
    client.force_login(world.ana)
    page = client.get(url(world.project)).text
    assert "Message number 44" in page and "Message number 25" in page
    assert "Message number 24" not in page
    assert "Earlier messages" in page
    assert page.index("Message number 25") < page.index("Message number 44")  # newest last
    last = client.get(url(world.project) + "?page=3").text
    assert "Message number 00" in last and "Message number 05" not in last
    assert "Later messages" in last


def test_the_thread_takes_the_same_queries_for_few_or_many_posts(client, world):
    post_add(project=world.project, author=world.ben, body="One")
    client.force_login(world.ana)
    client.get(url(world.project))
    few = queries(client, url(world.project))
    writers = [MemberFactory() for _ in range(5)]
    Post.objects.bulk_create(
        Post(project=world.project, author=writers[n % 5], body=f"Message {n}") for n in range(30)
    )
    post_hide(post=Post.objects.last(), by=world.staff, reason="Off topic")
    assert queries(client, url(world.project)) == few


def test_the_overview_shows_the_latest_from_the_team(client, world):
    for n in range(4):
        post_add(project=world.project, author=world.ben, body=f"Note {n}")
    hidden = post_add(project=world.project, author=world.ben, body="Hidden one")
    post_hide(post=hidden, by=world.staff, reason="Off topic")
    client.force_login(world.ana)
    page = client.get(url(world.project, "projects:project")).text
    assert "Latest from the team" in page
    assert "Note 3" in page and "Note 1" in page and "Note 0" not in page
    assert "Hidden one" not in page
    assert url(world.project) in page


# Emails about posts --------------------------------------------------------------------


def test_people_who_chose_each_are_emailed_without_the_message(
    world, django_capture_on_commit_callbacks
):
    TeamMember.objects.filter(project=world.project).update(emails=TeamMember.Emails.EACH)
    row = row_of(world, world.researcher)
    row.emails = TeamMember.Emails.NONE
    row.save()
    with django_capture_on_commit_callbacks(execute=True):
        post_add(project=world.project, author=world.ana, body="My private story")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.ben.email, world.staff.email])
    message = mail.outbox[0]
    assert "Ana Silva wrote in" in message.subject
    assert world.project.title in message.body
    assert "My private story" not in message.body + message.subject
    assert url(world.project) in message.body


def test_people_who_chose_the_digest_are_not_emailed_at_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_add(project=world.project, author=world.ana, body="Hello")
    assert mail.outbox == []  # everyone's default is the digest


def test_a_progress_update_is_emailed_as_one(world, django_capture_on_commit_callbacks):
    row = row_of(world, world.ben)
    row.emails = TeamMember.Emails.EACH
    row.save()
    with django_capture_on_commit_callbacks(execute=True):
        post_add(project=world.project, author=world.researcher, body="Funded", kind="update")
    assert [m.to[0] for m in mail.outbox] == [world.ben.email]
    assert "progress update" in mail.outbox[0].subject
    assert "Funded" not in mail.outbox[0].body


# Progress updates ----------------------------------------------------------------------


def test_the_researcher_posts_a_progress_update(client, world):
    client.force_login(world.researcher)
    address = url(world.project, "projects:update_new")
    response = client.post(address, {"body": ""})
    assert response.status_code == 200 and "Write what happened next" in response.text
    response = client.post(address, {"body": "The funder said yes."})
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.kind, post.author) == ("update", world.researcher)


def test_staff_post_progress_updates(client, world, admin_login):
    admin_login(world.other_staff)
    response = client.post(url(world.project, "projects:update_new"), {"body": "News"})
    assert response.status_code == 302
    assert Post.objects.get().kind == "update"


# Moderation ----------------------------------------------------------------------------


def test_staff_hide_a_post_with_a_reason_and_it_is_logged(client, world, admin_login):
    post = post_add(project=world.project, author=world.ben, body="Off topic")
    admin_login(world.other_staff)
    address = url(world.project, "projects:post_hide", post_id=post.pk)
    page = client.get(address).text
    assert "Off topic" in page
    response = client.post(address, {"reason": ""})
    assert response.status_code == 200 and "Say why you are hiding this message" in response.text
    response = client.post(address, {"reason": "Please keep to the project."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden_at is not None
    assert post.hidden_by == world.other_staff
    assert post.hidden_reason == "Please keep to the project."
    entry = ModelLogEntry.objects.get(action="roundtable.project_post_hidden")
    assert entry.user_id == world.other_staff.pk
    assert entry.data == {"post": post.pk}


def test_staff_show_a_hidden_post_again(client, world, admin_login):
    post = post_add(project=world.project, author=world.ben, body="Fine after all")
    post_hide(post=post, by=world.staff, reason="Checking")
    admin_login(world.other_staff)
    address = url(world.project, "projects:post_hide", post_id=post.pk)
    assert client.post(address, {"show": "1"}).status_code == 302
    post.refresh_from_db()
    assert post.hidden_at is None and post.hidden_reason == ""
    assert ModelLogEntry.objects.filter(action="roundtable.project_post_shown").exists()


def test_a_post_of_another_project_is_not_found(client, world, admin_login):
    from projects.factories import project_create

    other = project_create()
    post = post_add(project=other, author=world.ben, body="Elsewhere")
    admin_login(world.other_staff)
    address = url(world.project, "projects:post_hide", post_id=post.pk)
    assert client.get(address).status_code == 404


# What is happening now -----------------------------------------------------------------


def test_the_researcher_says_what_is_happening_now(client, world):
    client.force_login(world.researcher)
    response = client.post(url(world.project, "projects:now"), {"now": "Recruiting in March."})
    assert response.status_code == 302
    client.force_login(world.ben)
    assert "Recruiting in March." in client.get(url(world.project, "projects:project")).text
    assert ModelLogEntry.objects.filter(action="roundtable.project_now_changed").exists()


def test_a_lead_may_change_what_is_happening_now(client, world):
    client.force_login(world.ana)
    response = client.post(url(world.project, "projects:now"), {"now": "Writing up."})
    assert response.status_code == 302
    world.project.refresh_from_db()
    assert world.project.now == "Writing up."


def test_what_is_happening_now_too_long_is_kept_with_an_error(client, world):
    client.force_login(world.researcher)
    response = client.post(url(world.project, "projects:now"), {"now": "x" * 2001})
    assert response.status_code == 200
    assert "<title>Error: " in response.text and "x" * 2001 in response.text


# Your choices --------------------------------------------------------------------------


def test_a_member_chooses_emails_and_to_be_named(client, world):
    client.force_login(world.ben)
    address = url(world.project, "projects:my_settings")
    page = client.get(address).text
    assert "nhsuk-radios__conditional" in page  # the name is asked beneath "Yes"
    response = client.post(address, {"emails": "each", "named": "yes", "credit_as": "Ben O."})
    assert response.status_code == 302
    row = row_of(world, world.ben)
    assert (row.emails, row.named_in_reports, row.credit_as) == ("each", True, "Ben O.")


def test_saying_yes_needs_a_name_and_keeps_the_answers(client, world):
    client.force_login(world.ben)
    address = url(world.project, "projects:my_settings")
    response = client.post(address, {"emails": "none", "named": "yes", "credit_as": ""})
    assert response.status_code == 200
    assert "Enter the name to credit you by" in response.text
    assert "<title>Error: " in response.text
    assert 'value="none" checked' in response.text.replace("\n", " ") or (
        'value="none"' in response.text
    )
    assert row_of(world, world.ben).emails == TeamMember.Emails.DIGEST


def test_saying_no_forgets_the_name(client, world):
    row = row_of(world, world.ben)
    row.named_in_reports, row.credit_as = True, "Ben"
    row.save()
    client.force_login(world.ben)
    response = client.post(
        url(world.project, "projects:my_settings"),
        {"emails": "digest", "named": "no", "credit_as": "Ben"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.named_in_reports, row.credit_as) == (False, "")


def test_choices_need_an_answer(client, world):
    client.force_login(world.ben)
    response = client.post(url(world.project, "projects:my_settings"), {})
    assert "Choose which emails you would like" in response.text
    assert "Choose whether reports may name you" in response.text
