"""A reference group's meetings, for its members (and the researchers on the agenda,
and staff): the meeting's page with its agenda, papers, the member's reply, the notes
and what changed ("you said, we did"); its calendar file; an attendee's suggested
correction to the notes; the group's meetings still to come.

Who sees what is opportunities.selectors.meetings (meeting_access): anyone it keeps
from a meeting gets "not found", so nothing says the meeting exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from home.calendar import google_calendar_url, ics_response, outlook_calendar_url
from home.permissions import refuse
from members.models import ReferenceGroupPage
from opportunities.forms.meetings import MeetingReplyForm, NotesCorrectionForm
from opportunities.models import GroupMeeting, MeetingNotes, MeetingReply, NotesCorrection
from opportunities.selectors.meetings import (
    group_meetings_upcoming,
    is_active_member,
    meeting_access,
    meeting_agenda,
    replies_of,
    sees_group_meetings,
)
from opportunities.services.meetings import (
    MeetingError,
    meeting_event,
    meeting_has_link,
    meeting_reply_event,
    meeting_reply_refusal,
    meeting_reply_save,
    notes_correction_suggest,
)

GROUP_MEETINGS_PER_PAGE = 20


def _meeting_for(request, meeting_id: int):
    meeting = get_object_or_404(GroupMeeting.objects.select_related("group"), pk=meeting_id)
    access = meeting_access(user=request.user, meeting=meeting)
    if not access.sees_meeting:
        raise Http404  # not a refusal: nothing says the meeting exists
    return meeting, access


def _own_reply(request, meeting) -> MeetingReply | None:
    return MeetingReply.objects.filter(meeting=meeting, member=request.user).first()


@login_required
def meeting(request, meeting_id: int):
    """The meeting's page; a POST is the member's reply ("will you come?")."""
    meeting, access = _meeting_for(request, meeting_id)
    reply = _own_reply(request, meeting)
    if request.method != "POST":
        return _meeting_page(request, meeting, access, reply)
    if not access.is_member:
        return refuse(request)  # researchers and staff see the meeting, but do not reply
    if (refusal := meeting_reply_refusal(meeting)) is not None:
        messages.error(request, refusal)
        return redirect("opportunities:meeting", meeting_id=meeting.pk)
    form = MeetingReplyForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, access, reply, reply_form=form)
    try:
        reply = meeting_reply_save(
            meeting=meeting,
            member=request.user,
            answer=form.cleaned_data["answer"],
            access_needs=form.cleaned_data["access_needs"],
        )
    except MeetingError as problem:
        messages.error(request, str(problem))
        return redirect("opportunities:meeting", meeting_id=meeting.pk)
    if reply.answer == MeetingReply.Answer.COMING:
        if request.user.email:
            message = _(
                "Thank you: you said you will come. We have emailed you the details, "
                "with a calendar file."
            )
        else:
            message = _("Thank you: you said you will come.")
    else:
        message = _("Thank you: you said you cannot come.")
    messages.success(request, message)
    return redirect("opportunities:meeting", meeting_id=meeting.pk)


@require_POST
@login_required
def meeting_notes_correction(request, meeting_id: int):
    """An attendee's suggested correction, while the notes are shared with them."""
    meeting, access = _meeting_for(request, meeting_id)
    if not access.may_correct_notes:
        return refuse(request)
    notes = get_object_or_404(MeetingNotes, meeting=meeting)
    form = NotesCorrectionForm(request.POST)
    if not form.is_valid():
        reply = _own_reply(request, meeting)
        return _meeting_page(request, meeting, access, reply, correction_form=form)
    try:
        notes_correction_suggest(
            notes=notes, member=request.user, suggestion=form.cleaned_data["suggestion"]
        )
    except MeetingError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            _(
                "Thank you: the involvement team will look at your correction before "
                "the notes go to the group."
            ),
        )
    return redirect(reverse("opportunities:meeting", args=[meeting.pk]) + "#notes")


def _meeting_page(request, meeting, access, reply, *, reply_form=None, correction_form=None):
    may_reply = access.is_member and meeting_reply_refusal(meeting) is None
    if may_reply and reply_form is None:
        initial = {"answer": reply.answer, "access_needs": reply.access_needs} if reply else {}
        reply_form = MeetingReplyForm(initial=initial)
    agenda, papers = meeting_agenda(meeting=meeting)
    notes = corrections = None
    if access.sees_notes:
        notes = MeetingNotes.objects.get(meeting=meeting)
        corrections = list(NotesCorrection.objects.filter(notes=notes, member=request.user))
        if access.may_correct_notes and correction_form is None:
            correction_form = NotesCorrectionForm()
    calendar = None
    if not meeting.is_cancelled and meeting.is_upcoming():
        # What goes to Google or Microsoft: the meeting's page, never its joining link.
        public = meeting_event(meeting, private=False)
        calendar = {
            "ics_url": reverse("opportunities:meeting_calendar", args=[meeting.pk]),
            "google_url": google_calendar_url(public),
            "outlook_url": outlook_calendar_url(public),
            "outlook_work_url": outlook_calendar_url(public, work_account=True),
        }
    sees_impact = access.attended or access.is_staff
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "access": access,
        "joining_link": (
            meeting.joining_link
            if access.sees_private and meeting_has_link(meeting) and not meeting.is_cancelled
            else ""
        ),
        "agenda": agenda,
        "papers": papers if access.sees_private else [],
        "reply": reply,
        "may_reply": may_reply,
        "reply_form": reply_form if may_reply else None,
        "notes": notes,
        "corrections": corrections,
        "correction_form": correction_form if access.may_correct_notes else None,
        "calendar": calendar,
        "impact": [row.item for row in agenda if row.item.impact_entry_id] if sees_impact else [],
        "has_errors": bool(
            (reply_form is not None and reply_form.errors)
            or (correction_form is not None and correction_form.errors)
        ),
    }
    return render(request, "opportunities/meeting.html", context)


@require_safe
@login_required
def meeting_calendar(request, meeting_id: int):
    """The meeting as a .ics download, joining link included: only for those who may
    see it (the same people as the page). A member who said they will come gets the
    entry their confirmation email gave them (same UID), so the calendar keeps one."""
    meeting, access = _meeting_for(request, meeting_id)
    if not access.sees_private or meeting.is_cancelled:
        raise Http404
    reply = _own_reply(request, meeting)
    if reply is not None and reply.answer == MeetingReply.Answer.COMING:
        reply.meeting, reply.member = meeting, request.user
        return ics_response(event=meeting_reply_event(reply))
    return ics_response(event=meeting_event(meeting, private=True))


@require_safe
@login_required
def group_meetings(request, group_id: int):
    """The group's meetings still to come, for its active members and staff."""
    group = get_object_or_404(ReferenceGroupPage.objects.live(), pk=group_id)
    if not sees_group_meetings(user=request.user, group_id=group.pk):
        raise Http404
    paginator = Paginator(group_meetings_upcoming(group_id=group.pk), GROUP_MEETINGS_PER_PAGE)
    results = paginator.get_page(request.GET.get("page"))
    meetings = list(results)
    replies = replies_of(user=request.user, meetings=meetings)
    return render(
        request,
        "opportunities/meetings_of_group.html",
        {
            "group": group,
            "results": results,
            "rows": [(each, replies.get(each.pk)) for each in meetings],
            "show_reply": is_active_member(user=request.user, group_id=group.pk),
        },
    )
