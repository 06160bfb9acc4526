"""A form sent twice (a double click, a page resent after a slow answer) makes one
record and one round of emails: a message, a progress update, a proposed decision, a
proposed change to the team agreement and a "you said, we did"."""

import pytest
from django.core import mail

from members.demo_content import demo_groups_create
from projects.models import AgreementVersion, Decision, Post, TeamMember
from projects.services.agreement import agreement_propose
from projects.services.conversation import post_add
from projects.services.decisions import decision_propose
from projects.services.impact import project_impact_record
from tests.projects.test_impact import activity_of

pytestmark = pytest.mark.django_db


def test_a_message_sent_twice_is_posted_and_emailed_once(world, django_capture_on_commit_callbacks):
    TeamMember.objects.filter(project=world.project).update(emails=TeamMember.Emails.EACH)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_add(project=world.project, author=world.ana, body="See you on Tuesday.")
        again = post_add(project=world.project, author=world.ana, body=" See you on Tuesday. ")
    assert again.pk == first.pk
    assert Post.objects.filter(project=world.project).count() == 1
    assert len(mail.outbox) == 3  # the researcher, the staff member and Ben, once each


def test_the_same_words_by_someone_else_or_as_an_update_are_new_posts(world):
    post_add(project=world.project, author=world.ana, body="Thank you")
    post_add(project=world.project, author=world.ben, body="Thank you")
    post_add(project=world.project, author=world.researcher, body="Thank you")
    post_add(
        project=world.project, author=world.researcher, body="Thank you", kind=Post.Kind.UPDATE
    )
    assert Post.objects.filter(project=world.project).count() == 4


def test_a_progress_update_sent_twice_through_the_page_is_posted_once(client, world):
    client.force_login(world.researcher)
    url = f"/projects/{world.project.pk}/updates/new/"
    for _attempt in range(2):
        response = client.post(url, {"body": "We sent the leaflet to the printer."})
        assert response.status_code == 302
    assert Post.objects.filter(project=world.project, kind=Post.Kind.UPDATE).count() == 1


def test_a_decision_proposed_twice_is_proposed_and_emailed_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = decision_propose(
            project=world.project, person=world.ben, title="Meet in the evening?"
        )
        again = decision_propose(
            project=world.project, person=world.ben, title="Meet in the evening? "
        )
    assert again.pk == first.pk
    assert Decision.objects.filter(project=world.project).count() == 1
    assert len(mail.outbox) == 3


def test_an_agreement_change_proposed_twice_makes_one_version(
    world, django_capture_on_commit_callbacks
):
    rules = ["We start on time.", "We finish on time."]
    with django_capture_on_commit_callbacks(execute=True):
        first = agreement_propose(
            project=world.project, person=world.ben, rules=rules, change_note="Time keeping."
        )
        again = agreement_propose(
            project=world.project, person=world.ben, rules=rules, change_note="Time keeping."
        )
    assert again.pk == first.pk
    assert AgreementVersion.objects.filter(project=world.project).count() == 2  # 1 and 2
    assert len(mail.outbox) == 3


def test_a_you_said_we_did_recorded_twice_is_recorded_and_emailed_once(
    world, django_capture_on_commit_callbacks
):
    group = demo_groups_create()[0]
    activity = activity_of(world.project.request, group, members=[world.ben])
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(2):
            project_impact_record(
                project=world.project,
                activity=activity,
                what_changed="We rewrote the first page.",
                by=world.researcher,
            )
    assert activity.impact_entries.count() == 1
    assert len(mail.outbox) == 1
