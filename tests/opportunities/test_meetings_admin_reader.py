"""Group meetings and comment rounds, the staff screens as an involvement officer reads
them: the cancel page says who is told (no "0 people replied"; the researchers on the
agenda too); a closed round's papers have no empty "Remove" column; the researcher's
email says whose comments are ready; a remove button pressed twice goes back to the
meeting, not to "page not found"; the register's error summary links reach its
radios; the feedback check page has a way back."""

import pytest
from django.core import mail
from django.urls import reverse

from opportunities.factories import (
    AgendaItemFactory,
    ResearchRequestFactory,
    meeting_create,
    paper_create,
)
from opportunities.models import RoundResponse
from opportunities.services.comment_rounds import comment_round_close
from tests.opportunities.comment_round_world import round_world
from tests.opportunities.meeting_admin_helpers import active_member, group_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(admin_login, staff):
    return admin_login(staff)


def test_the_cancel_page_says_who_is_told(staff_client):
    meeting = meeting_create(group=group_get(), days=14)
    url = reverse("opportunities_meeting_cancel", args=[meeting.pk])

    page = staff_client.get(url).text
    assert "0 people replied" not in page
    assert "No one has replied yet, so no member is emailed." in page
    assert "slot on the agenda" not in page

    AgendaItemFactory(meeting=meeting, request=ResearchRequestFactory())
    page = staff_client.get(url).text
    assert "1 researcher has a slot on the agenda: they are emailed the reason too" in page
    assert "researchers on the agenda, are emailed this" in page


def test_a_closed_round_shows_its_papers_without_a_remove_column(staff_client):
    world = round_world()
    paper_create(comment_round=world.comment_round)
    url = reverse("opportunities_comment_round_admin", args=[world.comment_round.pk])
    assert ">Remove<" in staff_client.get(url).text
    comment_round_close(comment_round=world.comment_round)
    page = staff_client.get(url).text
    assert ">Remove<" not in page and ">Action<" not in page


def test_one_minute_given_is_said_in_the_singular(staff_client):
    world = round_world()
    RoundResponse.objects.create(
        round=world.comment_round,
        member=world.alice,
        comment="Clear enough.",
        minutes_spent=1,
        submitted_at=world.comment_round.opened_at,
    )
    url = reverse("opportunities_comment_round_admin", args=[world.comment_round.pk])
    assert "Time given: 1 minute in total." in staff_client.get(url).text


def test_the_researcher_is_told_the_groups_comments_are_ready(
    django_capture_on_commit_callbacks,
):
    world = round_world()
    with django_capture_on_commit_callbacks(execute=True):
        comment_round_close(comment_round=world.comment_round)
    (message,) = [m for m in mail.outbox if m.to == [world.researcher.email]]
    assert message.subject.startswith("The group's comments are ready: ")


def test_a_remove_or_move_pressed_twice_goes_back_to_the_meeting_not_page_not_found(
    staff_client,
):
    meeting = meeting_create(group=group_get(), days=14)
    item = AgendaItemFactory(meeting=meeting)
    paper = paper_create(meeting=meeting)
    page = staff_client.get(reverse("opportunities_meeting_admin", args=[meeting.pk])).text
    assert f'name="meeting" value="{meeting.pk}"' in page
    back = reverse("opportunities_meeting_admin", args=[meeting.pk])
    for name, pk, said in [
        ("opportunities_agenda_item_remove", item.pk, "That item is no longer on the agenda."),
        ("opportunities_meeting_paper_remove", paper.pk, "That paper has already been removed."),
    ]:
        url = reverse(name, args=[pk])
        assert staff_client.post(url, {"meeting": meeting.pk}).url == back
        again = staff_client.post(url, {"meeting": meeting.pk}, follow=True)
        assert again.status_code == 200 and said in again.text
        assert staff_client.post(url).status_code == 404  # no meeting named: as before
    moved = staff_client.post(
        reverse("opportunities_agenda_item_move", args=[item.pk]),
        {"meeting": meeting.pk, "direction": "up"},
    )
    assert moved.status_code == 302 and moved.url == back


def test_the_register_error_summary_links_reach_the_radios(staff_client):
    group = group_get()
    member = active_member(group)
    held = meeting_create(group=group, days=-1)
    url = reverse("opportunities_meeting_register", args=[held.pk])
    page = staff_client.post(
        url, {f"attended-{member.pk}": "attended", f"hours-{member.pk}": ""}
    ).text
    assert "There is a problem" in page
    assert f'href="#id_hours-{member.pk}"' in page
    assert f'aria-describedby="id_hours-{member.pk}-error"' in page
    assert f'id="id_attended-{member.pk}_0" value="attended"' in page
    assert f'id="id_attended-{member.pk}_1" value="absent"' in page


def test_the_feedback_check_page_has_a_way_back_that_sends_nothing(staff_client):
    held = meeting_create(group=group_get(), days=-1)
    item = AgendaItemFactory(meeting=held, request=ResearchRequestFactory())
    url = reverse("opportunities_agenda_feedback", args=[item.pk])
    check = staff_client.post(url, {"feedback": "Make the leaflet shorter."}).text
    back = reverse("opportunities_meeting_admin", args=[held.pk])
    assert f'<a href="{back}">Back to the meeting (nothing is sent)</a>' in check
    assert not mail.outbox
