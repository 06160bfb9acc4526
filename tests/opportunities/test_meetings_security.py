"""Group meetings and comment rounds: the security and privacy review's findings, each
shown by a test before it was fixed."""

import datetime
import os

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from members import roles
from members.factories import ResearcherFactory
from members.models import GroupMembership
from opportunities.factories import (
    AgendaItemFactory,
    ResearchRequestFactory,
    comment_round_create,
    meeting_create,
    paper_create,
)
from opportunities.models import AgendaItem, MeetingReply, Route
from opportunities.services.meeting_admin import agenda_feedback_send, meeting_update
from opportunities.services.meetings import MeetingError
from tests.opportunities.meeting_admin_helpers import active_member, group_get

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room"


@pytest.fixture
def group():
    return group_get()


def test_a_moved_meeting_sends_its_joining_link_only_to_those_still_in_the_group(
    group, staff, django_capture_on_commit_callbacks
):
    """Someone who said they would come and has left the group (or paused) since is not
    sent the meeting's new time with its joining link: it is for the group's members."""
    meeting = meeting_create(group=group, days=14, joining_link=LINK)
    still = active_member(group, email="still@example.org")
    left = active_member(group, email="left@example.org")
    for person in (still, left):
        MeetingReply.objects.create(meeting=meeting, member=person, answer="coming")
    GroupMembership.objects.filter(member=left).update(status=GroupMembership.Status.ENDED)
    with django_capture_on_commit_callbacks(execute=True):
        _row, emailed = meeting_update(
            meeting=meeting,
            by=staff,
            starts_at=meeting.starts_at + datetime.timedelta(days=1),
            ends_at=meeting.ends_at + datetime.timedelta(days=1),
        )
    assert [message.to for message in mail.outbox] == [["still@example.org"]]
    assert emailed == 1
    for message in mail.outbox:
        if message.to == ["left@example.org"]:
            assert LINK not in message.body
            assert all(LINK not in str(a[1]) for a in message.attachments)


def test_staff_do_not_send_the_group_s_feedback_on_their_own_request(group, staff):
    """A member of staff who is also a researcher does not write "the group's feedback"
    to themselves (as they do not give their own request a slot): a colleague does."""
    held = meeting_create(group=group, days=-1)
    own = ResearchRequestFactory(route=Route.MEETING_SLOT, researcher=staff)
    item = AgendaItemFactory(meeting=held, request=own)
    with pytest.raises(MeetingError, match="own record"):
        agenda_feedback_send(item=item, feedback="All very good.", by=staff)
    assert AgendaItem.objects.get(pk=item.pk).feedback_sent_at is None
    assert mail.outbox == []


def test_a_meeting_or_round_deleted_takes_its_papers_files_with_it(
    group, django_capture_on_commit_callbacks
):
    """However a paper's row goes (its meeting, item or round deleted, or the group's
    page), its file in private storage goes too, once the deletion is committed."""
    meeting = meeting_create(group=group, days=14)
    item = AgendaItemFactory(meeting=meeting)
    comment_round = comment_round_create(group=group)
    papers = [
        paper_create(meeting=meeting),
        paper_create(agenda_item=item),
        paper_create(comment_round=comment_round),
    ]
    paths = [paper.file.path for paper in papers]
    assert all(os.path.exists(path) for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()
        comment_round.delete()
    assert not any(os.path.exists(path) for path in paths)


def test_a_researcher_no_longer_a_researcher_loses_the_meeting_and_the_round(group, client):
    """The researcher's own request page asks for the researcher role; so do the meeting
    on whose agenda their request is (its joining link, papers, notes) and the round
    that answers it (its collated comments): an account whose role was taken away
    reaches none of them."""
    researcher = ResearcherFactory()
    meeting = meeting_create(group=group, days=14, joining_link=LINK)
    request = ResearchRequestFactory(researcher=researcher, route=Route.MEETING_SLOT)
    item = AgendaItemFactory(meeting=meeting, request=request)
    paper = paper_create(agenda_item=item)
    comment_round = comment_round_create(group=group, request=request)
    comment_round.status = comment_round.Status.CLOSED
    comment_round.save()
    urls = [
        reverse("opportunities:meeting", args=[meeting.pk]),
        reverse("opportunities:paper", args=[paper.pk]),
        reverse("opportunities:comment_round", args=[comment_round.pk]),
        reverse("opportunities:comment_round_collated", args=[comment_round.pk]),
    ]
    client.force_login(researcher)
    assert [client.get(url).status_code for url in urls] == [200] * 4
    researcher.groups.remove(Group.objects.get(name=roles.RESEARCHER))
    assert [client.get(url).status_code for url in urls] == [404] * 4


def test_the_notes_screen_says_the_researchers_on_the_agenda_read_published_notes(
    group, admin_login, staff
):
    """Published notes reach the researchers on the agenda as well as the group, so
    staff are told not to write who came, or anything personal, in them."""
    held = meeting_create(group=group, days=-1)
    page = admin_login(staff).get(reverse("opportunities_meeting_notes", args=[held.pk]))
    assert page.status_code == 200
    assert "researchers on the agenda" in page.text
