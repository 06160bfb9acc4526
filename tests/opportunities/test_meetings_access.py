"""Who sees what of a meeting and a comment round (opportunities.selectors.meetings),
and papers kept privately (opportunities.services.papers)."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from involvement.services import involvement_record
from members.factories import ResearcherFactory
from opportunities.factories import (
    TINY_PDF,
    AgendaItemFactory,
    ResearchRequestFactory,
    comment_round_create,
    meeting_create,
)
from opportunities.models import CommentRound, MeetingNotes, Paper
from opportunities.selectors.meetings import meeting_access, round_access
from opportunities.services.meetings import meeting_activity_sync
from opportunities.services.papers import PaperError, paper_add, paper_remove

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(group_with_members):
    group, _people = group_with_members
    return meeting_create(group=group, days=-1)


def test_active_members_see_a_meeting_and_others_do_not(meeting, group_with_members, member):
    _group, people = group_with_members
    assert meeting_access(user=people["ana"], meeting=meeting).sees_private
    assert not meeting_access(user=people["cat"], meeting=meeting).sees_meeting  # ended
    assert not meeting_access(user=member, meeting=meeting).sees_meeting  # not in the group


def test_only_the_researchers_on_the_agenda_see_it(meeting):
    on_agenda = ResearcherFactory()
    AgendaItemFactory(meeting=meeting, request=ResearchRequestFactory(researcher=on_agenda))
    assert meeting_access(user=on_agenda, meeting=meeting).sees_private
    assert not meeting_access(user=ResearcherFactory(), meeting=meeting).sees_meeting


def test_staff_who_run_meetings_see_it_and_researchers_do_not_run_it(meeting, staff, researcher):
    assert meeting_access(user=staff, meeting=meeting).is_staff
    assert not meeting_access(user=researcher, meeting=meeting).is_staff


def test_notes_are_seen_by_status(meeting, group_with_members, staff):
    _group, people = group_with_members
    involvement_record(
        member=people["ana"],
        activity=meeting_activity_sync(meeting=meeting),
        attended=True,
        started_on=meeting.starts_at.date(),
        hours=2,
        by=staff,
    )
    notes = MeetingNotes.objects.create(meeting=meeting, text="We talked.")
    ana, ben = people["ana"], people["ben"]
    assert not meeting_access(user=ana, meeting=meeting).sees_notes  # a draft
    assert meeting_access(user=staff, meeting=meeting).sees_notes
    notes.status = MeetingNotes.Status.SHARED
    notes.save()
    assert meeting_access(user=ana, meeting=meeting).may_correct_notes  # attended
    assert not meeting_access(user=ben, meeting=meeting).sees_notes  # did not attend
    notes.status = MeetingNotes.Status.PUBLISHED
    notes.save()
    assert meeting_access(user=ben, meeting=meeting).sees_notes
    assert not meeting_access(user=ana, meeting=meeting).may_correct_notes


def test_a_meetings_activity_is_made_once_as_a_group_meeting(meeting):
    first = meeting_activity_sync(meeting=meeting)
    again = meeting_activity_sync(meeting=meeting)
    assert first.pk == again.pk
    assert first.kind == "group_meeting"


def test_comment_rounds_hide_others_comments_until_closed(group_with_members):
    group, people = group_with_members
    researcher = ResearcherFactory()
    comment_round = comment_round_create(
        group=group, request=ResearchRequestFactory(researcher=researcher)
    )
    ana = round_access(user=people["ana"], comment_round=comment_round)
    assert ana.may_comment and not ana.sees_others
    assert not round_access(user=people["cat"], comment_round=comment_round).sees_round
    assert not round_access(user=researcher, comment_round=comment_round).sees_others
    comment_round.status = CommentRound.Status.CLOSED
    comment_round.save()
    assert round_access(user=people["ana"], comment_round=comment_round).sees_others
    assert round_access(user=researcher, comment_round=comment_round).sees_others
    assert not round_access(user=ResearcherFactory(), comment_round=comment_round).sees_round


def test_a_draft_round_is_not_shown_to_members(group_with_members):
    group, people = group_with_members
    comment_round = comment_round_create(group=group, status=CommentRound.Status.DRAFT)
    assert not round_access(user=people["ana"], comment_round=comment_round).sees_round


def test_a_paper_is_kept_privately_under_a_random_name(meeting, staff, settings):
    paper = paper_add(
        upload=SimpleUploadedFile("Ana Smith's notes.html", TINY_PDF),
        title="Leaflet",
        meeting=meeting,
        by=staff,
    )
    assert paper.content_type == "application/pdf"
    assert paper.file.name.endswith(".pdf") and "Ana" not in paper.file.name
    assert paper.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with paper.file.open("rb") as handle:
        assert handle.read() == TINY_PDF


def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_kept(meeting, staff):
    with pytest.raises(ValidationError):
        paper_add(
            upload=SimpleUploadedFile("x.pdf", b"<svg onload=alert(1)>"),
            title="Leaflet",
            meeting=meeting,
            by=staff,
        )
    assert not Paper.objects.exists()


def test_a_paper_belongs_to_one_meeting_or_round(meeting, staff, group_with_members):
    group, _people = group_with_members
    upload = SimpleUploadedFile("x.pdf", TINY_PDF)
    with pytest.raises(PaperError):
        paper_add(upload=upload, title="x", by=staff)
    with pytest.raises(PaperError):
        paper_add(
            upload=upload,
            title="x",
            meeting=meeting,
            comment_round=comment_round_create(group=group),
            by=staff,
        )


def test_removing_a_paper_removes_its_versions_and_files(
    meeting, staff, django_capture_on_commit_callbacks
):
    paper = paper_add(
        upload=SimpleUploadedFile("a.pdf", TINY_PDF), title="Leaflet", meeting=meeting, by=staff
    )
    easy = paper_add(
        upload=SimpleUploadedFile("b.pdf", TINY_PDF),
        title="Leaflet, easy read",
        meeting=meeting,
        version=Paper.Version.EASY_READ,
        version_of=paper,
        by=staff,
    )
    paths = [paper.file.path, easy.file.path]
    with django_capture_on_commit_callbacks(execute=True):
        paper_remove(paper=paper, by=staff)
    assert not Paper.objects.exists()
    assert not any(os.path.exists(path) for path in paths)
