"""The daily digest of the team's conversation, the account page's "Your projects" and
"What happened next", and a person's posts in their data download and on erasure."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.factories import MemberFactory
from members.services.personal_data import account_erase, personal_data_collect
from projects.factories import project_create
from projects.models import Post, TeamMember
from projects.services.conversation import digest_select, digest_send, post_add, post_hide
from projects.tasks import conversation_digest_send

pytestmark = pytest.mark.django_db


def _since(world, days=2):
    """Everyone joined two days ago, so what is posted now is new to them."""
    TeamMember.objects.filter(project=world.project).update(
        joined_at=timezone.now() - datetime.timedelta(days=days)
    )


def _digest_mail(person):
    return [m for m in mail.outbox if m.to == [person.email]]


# The digest ----------------------------------------------------------------------------


def test_the_digest_counts_who_wrote_how_many_without_what_they_wrote(
    world, django_capture_on_commit_callbacks
):
    _since(world)
    post_add(project=world.project, author=world.ana, body="My private story")
    post_add(project=world.project, author=world.ana, body="And another")
    post_add(project=world.project, author=world.researcher, body="We are funded", kind="update")
    hidden = post_add(project=world.project, author=world.ana, body="Hidden")
    post_hide(post=hidden, by=world.staff, reason="Off topic")
    post_add(project=world.project, author=world.ben, body="My own")

    with django_capture_on_commit_callbacks(execute=True):
        assert conversation_digest_send() == 4  # researcher, staff, ana, ben: all digest

    [message] = _digest_mail(world.ben)
    assert "Ana Silva wrote 2 messages" in message.body  # not the hidden one
    assert "1 progress update" in message.body
    assert "O'Neill wrote" not in message.body  # not told about his own
    assert world.project.title in message.body
    assert reverse("projects:conversation", kwargs={"project_id": world.project.pk}) in (
        message.body
    )
    for text in ("My private story", "And another", "We are funded", "Hidden"):
        assert text not in message.body
    [to_ana] = _digest_mail(world.ana)
    assert "Ana Silva wrote" not in to_ana.body
    assert "wrote 1 message" in to_ana.body


def test_the_digest_is_sent_once_and_counts_nothing_twice(
    world, django_capture_on_commit_callbacks
):
    _since(world)
    post_add(project=world.project, author=world.ana, body="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
    first = len(mail.outbox)
    assert first
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 0
    assert len(mail.outbox) == first
    # The next day, only what is new since is counted.
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    post_add(project=world.project, author=world.researcher, body="Update", kind="update")
    with django_capture_on_commit_callbacks(execute=True):
        digest_send(now=tomorrow)
    [_, second] = _digest_mail(world.ben)
    assert "1 progress update" in second.body and "Ana Silva" not in second.body


def test_a_digest_already_sent_today_leaves_the_new_posts_for_tomorrow(
    world, django_capture_on_commit_callbacks
):
    _since(world)
    post_add(project=world.project, author=world.ana, body="Morning")
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
    post_add(project=world.project, author=world.ana, body="Afternoon")
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 0  # today's key is used
    with django_capture_on_commit_callbacks(execute=True):
        digest_send(now=timezone.now() + datetime.timedelta(days=1))
    assert "Ana Silva wrote 1 message" in _digest_mail(world.ben)[-1].body


def test_only_people_who_chose_the_digest_get_it(world, django_capture_on_commit_callbacks):
    _since(world)
    TeamMember.objects.filter(project=world.project, person=world.ben).update(emails="none")
    TeamMember.objects.filter(project=world.project, person=world.researcher).update(emails="each")
    post_add(project=world.project, author=world.ana, body="Hello")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
    assert sorted(m.to[0] for m in mail.outbox) == [world.staff.email]


def test_people_who_left_the_team_get_no_digest(world, django_capture_on_commit_callbacks):
    _since(world)
    TeamMember.objects.filter(project=world.project, person=world.ben).update(
        left_at=timezone.now()
    )
    post_add(project=world.project, author=world.ana, body="Hello")
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
    assert _digest_mail(world.ben) == []


def test_nothing_from_before_someone_joined(world, django_capture_on_commit_callbacks):
    post_add(project=world.project, author=world.ana, body="Before Ben")
    Post.objects.update(created_at=timezone.now() - datetime.timedelta(days=3))
    _since(world, days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 0


def test_the_digest_takes_the_same_queries_for_one_team_or_many(world, django_assert_num_queries):
    _since(world)
    post_add(project=world.project, author=world.ana, body="Hello")
    now = timezone.now()
    with django_assert_num_queries(2):
        one = digest_select(until=now)
    for number in range(8):
        project = project_create(members=[MemberFactory(), world.ben])
        TeamMember.objects.filter(project=project).update(
            joined_at=now - datetime.timedelta(days=1)
        )
        post_add(project=project, author=project.request.researcher, body=f"Post {number}")
    with django_assert_num_queries(2):
        many = digest_select(until=timezone.now())
    assert len(many) > len(one)
    assert len(many[world.ben]) == 9  # one entry per project, for one email


def test_the_digest_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["projects-conversation-digest"]
    assert entry["task"] == "projects.conversation_digest_send"


# The account page ----------------------------------------------------------------------


def test_the_account_page_shows_your_projects_and_what_happened_next(client, world):
    post_add(project=world.project, author=world.researcher, body="We got the grant", kind="update")
    post_add(project=world.project, author=world.ana, body="Just chatting")
    client.force_login(world.ben)
    page = client.get(reverse("members:account")).text
    assert "Your projects" in page and world.project.title in page
    assert reverse("projects:list") in page
    assert "What happened next" in page and "We got the grant" in page
    assert "Just chatting" not in page


def test_the_account_page_has_no_project_sections_without_projects(client, world):
    client.force_login(world.other_member)
    page = client.get(reverse("members:account")).text
    assert "What happened next" not in page


def test_a_new_progress_update_reaches_the_cached_account_page(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    client.force_login(world.ben)
    client.get(reverse("members:account"))
    with django_capture_on_commit_callbacks(execute=True):
        post_add(project=world.project, author=world.researcher, body="Fresh news", kind="update")
    assert "Fresh news" in client.get(reverse("members:account")).text


def test_the_account_sections_take_the_same_queries_for_few_or_many(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.ben)
    client.get(reverse("members:account"))
    with django_assert_max_num_queries(100) as few:
        client.get(reverse("members:account"))
    for _ in range(6):
        project = project_create(members=[world.ben])
        post_add(
            project=project,
            author=project.request.researcher,
            body="Grant news item",
            kind="update",
        )
    with django_assert_max_num_queries(100) as many:
        page = client.get(reverse("members:account")).text
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("Grant news item") == 5


# Data download and erasure -------------------------------------------------------------


def test_the_data_download_has_the_persons_posts_and_choices(world):
    post_add(project=world.project, author=world.ben, body="What I wrote")
    post_add(project=world.project, author=world.ana, body="What Ana wrote")
    data = personal_data_collect(user=world.ben)
    section = next(value for key, value in data.items() if "research projects" in str(key))
    posts = next(value for key, value in section.items() if "messages" in str(key))
    assert [post["Text"] for post in posts] == ["What I wrote"]
    assert posts[0]["Project"] == world.project.title
    assert posts[0]["Kind"] == "Message"
    choices = next(value for key, value in section.items() if "choices" in str(key))
    assert choices[0]["Project"] == world.project.title
    assert "Emails about the team's messages" in choices[0]


def test_erasure_keeps_the_posts_as_by_a_former_member(client, world):
    post = post_add(project=world.project, author=world.ben, body="Something I said")
    account_erase(user=world.ben)
    post.refresh_from_db()
    assert post.author is None and post.body == "Something I said"
    assert not TeamMember.objects.filter(person_id=world.ben.pk).exists()
    client.force_login(world.ana)
    page = client.get(reverse("projects:conversation", kwargs={"project_id": world.project.pk}))
    assert "A former member" in page.text
    assert "Ben O&#x27;Neill" not in page.text
