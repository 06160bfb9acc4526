"""Staff screens for reference group meetings: meetings per group; a meeting added,
or a series of them (with a check page of the dates); changed or cancelled; the
meeting's screen (its agenda, with the requests waiting for a slot, papers and
replies); the register; the notes; and the group's feedback to each researcher.

Every view needs opportunities.run_meeting. Access needs in replies are shown here to
staff running the meeting; each opening is logged in each person's history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from home.permissions import requires
from involvement.models import Involvement
from members.models import ReferenceGroupPage
from members.services.member_record import access_needs_log_read
from opportunities.forms.meeting_admin import (
    AgendaItemForm,
    CorrectionAnswerForm,
    FeedbackForm,
    MeetingCancelForm,
    MeetingForm,
    MeetingSeriesForm,
    NotesForm,
    NotesShareForm,
    RegisterForm,
    SlotAcceptForm,
)
from opportunities.forms.papers import PaperForm
from opportunities.models import (
    AgendaItem,
    GroupMeeting,
    MeetingNotes,
    NotesCorrection,
    Paper,
    ResearchRequest,
)
from opportunities.selectors.meeting_admin import (
    agenda_items,
    group_meetings,
    groups_with_meetings,
    meeting_papers,
    meeting_replies,
    notes_corrections,
    slot_requests_waiting,
)
from opportunities.selectors.meetings import MEETING_PERMISSION
from opportunities.services.meeting_admin import (
    agenda_feedback_send,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    agenda_slot_accept,
    meeting_attendance_record,
    meeting_cancel,
    meeting_create,
    meeting_notes_publish,
    meeting_notes_save,
    meeting_notes_share,
    meeting_series_create,
    meeting_update,
    notes_correction_answer,
    register_people,
    series_plan,
)
from opportunities.services.meetings import MeetingError
from opportunities.services.papers import PaperError, paper_add, paper_remove

PER_PAGE = 25


def _meeting(meeting_id: int) -> GroupMeeting:
    return get_object_or_404(GroupMeeting.objects.select_related("group", "series"), pk=meeting_id)


def _to_meeting(meeting) -> object:
    return redirect("opportunities_meeting_admin", meeting_id=meeting.pk)


def _already_gone(request, message: str):
    """A remove or move button pressed twice (or after a colleague's removal): what it
    acted on is gone. Back to the meeting its form named (a hidden `meeting`), saying
    so, rather than "page not found"."""
    meeting_id = request.POST.get("meeting", "")
    if meeting_id.isdigit() and GroupMeeting.objects.filter(pk=int(meeting_id)).exists():
        messages.info(request, message)
        return redirect("opportunities_meeting_admin", meeting_id=int(meeting_id))
    raise Http404("Already removed")


# Lists ------------------------------------------------------------------------------


@requires(permission=MEETING_PERMISSION)
def meetings_index(request):
    return TemplateResponse(
        request,
        "opportunities/admin/meetings_index.html",
        {"groups": groups_with_meetings()},
    )


@requires(permission=MEETING_PERMISSION)
def group_meetings_view(request, group_id: int):
    group = get_object_or_404(ReferenceGroupPage, pk=group_id)
    page = Paginator(group_meetings(group), PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "opportunities/admin/meetings_group.html",
        {"group": group, "page_obj": page, "now": timezone.now()},
    )


# A meeting, a series ----------------------------------------------------------------


@requires(permission=MEETING_PERMISSION)
def meeting_new(request, group_id: int):
    group = get_object_or_404(ReferenceGroupPage, pk=group_id)
    form = MeetingForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_create(group=group, by=request.user, **form.values())
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Meeting added."))
            return _to_meeting(meeting)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_form.html",
        {"group": group, "form": form, "meeting": None},
    )


@requires(permission=MEETING_PERMISSION)
def meeting_series_new(request, group_id: int):
    """The series' form; POST: the check page (the dates it will make); POST from the
    check page (`confirm`): the meetings are made."""
    group = get_object_or_404(ReferenceGroupPage, pk=group_id)
    form = MeetingSeriesForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        plan = series_plan(
            frequency=values["frequency"],
            weekday=values["weekday"],
            first_date=values["first_date"],
            until=values["until"],
            start_time=values["start_time"],
            duration_minutes=values["duration_minutes"],
            week_of_month=values["week_of_month"],
            every_weeks=values["every_weeks"],
        )
        if not plan.times:
            form.add_error(None, _("These choices give no dates. Check the first and last dates."))
        elif request.POST.get("confirm") and not request.POST.get("change"):
            try:
                _series, meetings = meeting_series_create(group=group, by=request.user, **values)
            except MeetingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Series added: %(count)s meeting made.",
                        "Series added: %(count)s meetings made.",
                        len(meetings),
                    )
                    % {"count": len(meetings)},
                )
                return redirect("opportunities_group_meetings", group_id=group.pk)
        elif not request.POST.get("change"):
            return TemplateResponse(
                request,
                "opportunities/admin/meeting_series_check.html",
                {"group": group, "form": form, "plan": plan, "values": values},
            )
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_series_form.html",
        {"group": group, "form": form},
    )


@requires(permission=MEETING_PERMISSION)
def meeting_edit(request, meeting_id: int):
    meeting = _meeting(meeting_id)
    if meeting.is_cancelled:
        messages.error(request, _("This meeting has been cancelled, so it cannot be changed."))
        return _to_meeting(meeting)
    form = MeetingForm(request.POST if request.method == "POST" else None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            _meeting_row, emailed = meeting_update(
                meeting=GroupMeeting.objects.get(pk=meeting.pk), by=request.user, **form.values()
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            message = _("Changes saved.")
            if emailed:
                message += " " + ngettext(
                    "%(count)s person coming was emailed the change.",
                    "%(count)s people coming were emailed the change.",
                    emailed,
                ) % {"count": emailed}
            messages.success(request, message)
            return _to_meeting(meeting)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_form.html",
        {
            "group": meeting.group,
            "form": form,
            "meeting": meeting,
            "coming": meeting.replies.filter(answer="coming").count(),
        },
    )


@requires(permission=MEETING_PERMISSION)
def meeting_cancel_view(request, meeting_id: int):
    meeting = _meeting(meeting_id)
    form = MeetingCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            emailed = meeting_cancel(
                meeting=meeting, reason=form.cleaned_data["reason"], by=request.user
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Meeting cancelled: %(count)s person was emailed.",
                    "Meeting cancelled: %(count)s people were emailed.",
                    emailed,
                )
                % {"count": emailed},
            )
            return _to_meeting(meeting)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_cancel.html",
        {
            "meeting": meeting,
            "form": form,
            "replied": meeting.replies.count(),
            "researchers": AgendaItem.objects.filter(
                meeting=meeting, request__researcher__isnull=False
            ).count(),
        },
    )


# The meeting's screen ---------------------------------------------------------------


@requires(permission=MEETING_PERMISSION)
def meeting_admin_view(request, meeting_id: int):
    meeting = _meeting(meeting_id)
    replies = meeting_replies(meeting)
    with_needs = [reply.member_id for reply in replies if reply.access_needs]
    if with_needs:
        access_needs_log_read(
            people=with_needs,
            by=request.user,
            what=f"Meeting: {meeting.group.title}, {meeting.when}",
        )
    notes = MeetingNotes.objects.filter(meeting=meeting).only("status", "meeting_id").first()
    items = agenda_items(meeting)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting.html",
        {
            "meeting": meeting,
            "items": items,
            "papers": meeting_papers(meeting),
            "coming": [reply for reply in replies if reply.answer == "coming"],
            "not_coming": [reply for reply in replies if reply.answer != "coming"],
            "waiting": list(slot_requests_waiting(meeting)) if meeting.is_upcoming() else [],
            "notes": notes,
            "started": meeting.has_started(),
        },
    )


# The agenda -------------------------------------------------------------------------


@requires(permission=MEETING_PERMISSION)
def agenda_item_new(request, meeting_id: int):
    meeting = _meeting(meeting_id)
    form = AgendaItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Item added to the agenda."))
            return _to_meeting(meeting)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_agenda_item.html",
        {"meeting": meeting, "form": form, "item": None},
    )


def _item(item_id: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__group", "request__researcher"), pk=item_id
    )


@requires(permission=MEETING_PERMISSION)
def agenda_item_edit(request, item_id: int):
    item = _item(item_id)
    form = AgendaItemForm(
        request.POST if request.method == "POST" else None,
        initial={"title": item.title, "description": item.description, "minutes": item.minutes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agenda_item_update(item=item, by=request.user, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Item changed."))
            return _to_meeting(item.meeting)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_agenda_item.html",
        {"meeting": item.meeting, "form": form, "item": item},
    )


@requires(permission=MEETING_PERMISSION)
@require_POST
def agenda_item_remove_view(request, item_id: int):
    if not AgendaItem.objects.filter(pk=item_id).exists():
        return _already_gone(request, _("That item is no longer on the agenda."))
    item = _item(item_id)
    try:
        agenda_item_remove(item=item, by=request.user)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Item removed from the agenda."))
    return _to_meeting(item.meeting)


@requires(permission=MEETING_PERMISSION)
@require_POST
def agenda_item_move_view(request, item_id: int):
    if not AgendaItem.objects.filter(pk=item_id).exists():
        return _already_gone(request, _("That item is no longer on the agenda."))
    item = _item(item_id)
    agenda_item_move(item=item, up=request.POST.get("direction") == "up", by=request.user)
    return _to_meeting(item.meeting)


@requires(permission=MEETING_PERMISSION)
def agenda_slot_accept_view(request, meeting_id: int, research_request_id: int):
    meeting = _meeting(meeting_id)
    research_request = get_object_or_404(
        ResearchRequest.objects.select_related("researcher"), pk=research_request_id
    )
    if AgendaItem.objects.filter(meeting=meeting, request=research_request).exists():
        # The form sent twice, or a colleague was first: say so, not "not found".
        messages.info(request, _("This request is already on this meeting's agenda."))
        return _to_meeting(meeting)
    if not slot_requests_waiting(meeting).filter(pk=research_request.pk).exists():
        raise Http404("Not a request waiting for a slot at this meeting")
    form = SlotAcceptForm(
        request.POST if request.method == "POST" else None,
        meeting=meeting,
        research_request=research_request,
    )
    if request.method == "POST" and form.is_valid():
        try:
            agenda_slot_accept(
                research_request=research_request,
                meeting=meeting,
                by=request.user,
                **form.cleaned_data,
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Added to the agenda, and the researcher has been emailed.")
            )
            return _to_meeting(meeting)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_slot_accept.html",
        {"meeting": meeting, "research_request": research_request, "form": form},
    )


# Papers -----------------------------------------------------------------------------


@requires(permission=MEETING_PERMISSION)
def meeting_paper_new(request, meeting_id: int):
    meeting = _meeting(meeting_id)
    item = None
    item_id = request.POST.get("item") or request.GET.get("item")
    if item_id:
        if not str(item_id).isdigit():
            raise Http404
        item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    versions_of = Paper.objects.filter(meeting=meeting, version_of__isnull=True)
    form = PaperForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        versions_of=versions_of,
    )
    if request.method == "POST" and form.is_valid():
        try:
            paper_add(
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                by=request.user,
                meeting=meeting if item is None else None,
                agenda_item=item,
                version=form.cleaned_data["version"],
                version_of=form.cleaned_data.get("version_of"),
            )
        except PaperError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Paper added."))
            return _to_meeting(meeting)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_paper.html",
        {"meeting": meeting, "item": item, "form": form},
    )


@requires(permission=MEETING_PERMISSION)
@require_POST
def meeting_paper_remove(request, paper_id: int):
    paper = Paper.objects.filter(pk=paper_id, meeting__isnull=False).first()
    if paper is None:
        return _already_gone(request, _("That paper has already been removed."))
    meeting_id = paper.meeting_id
    paper_remove(paper=paper, by=request.user)
    messages.success(request, _("Paper removed."))
    return redirect("opportunities_meeting_admin", meeting_id=meeting_id)


# The register -----------------------------------------------------------------------


@requires(permission=MEETING_PERMISSION)
def meeting_register(request, meeting_id: int):
    meeting = _meeting(meeting_id)
    people = register_people(meeting)
    recorded = {}
    if meeting.activity_id:
        recorded = {
            row.member_id: row
            for row in Involvement.objects.filter(activity_id=meeting.activity_id)
        }
    form = RegisterForm(
        request.POST if request.method == "POST" else None,
        meeting=meeting,
        people=people,
        recorded=recorded,
        by=request.user,
    )
    started = meeting.has_started()
    if request.method == "POST" and form.is_valid():
        try:
            result = meeting_attendance_record(meeting=meeting, marks=form.marks(), by=request.user)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            count = len(result.recorded)
            messages.success(
                request,
                ngettext(
                    "Register saved: %(count)s person recorded.",
                    "Register saved: %(count)s people recorded.",
                    count,
                )
                % {"count": count},
            )
            return redirect("opportunities_meeting_register", meeting_id=meeting.pk)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_register.html",
        {
            "meeting": meeting,
            "form": form,
            "rows": form.rows(),
            "recorded": recorded,
            "started": started,
        },
    )


# Notes ------------------------------------------------------------------------------


@requires(permission=MEETING_PERMISSION)
def meeting_notes(request, meeting_id: int):
    """One page, three actions (POST `action`): save the text, share it with the
    attendees for corrections (by a date), publish it to the group."""
    meeting = _meeting(meeting_id)
    notes = MeetingNotes.objects.filter(meeting=meeting).first()
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    form = NotesForm(
        request.POST if action == "save" else None,
        initial={"text": notes.text if notes else ""},
    )
    share_form = NotesShareForm(
        request.POST if action == "share" else None,
        initial={
            "corrections_by": (notes.corrections_by if notes and notes.corrections_by else None)
            or NotesShareForm.default_date()
        },
    )
    error = ""
    try:
        if action == "save" and form.is_valid():
            meeting_notes_save(meeting=meeting, text=form.cleaned_data["text"], by=request.user)
            messages.success(request, _("Notes saved."))
            return redirect("opportunities_meeting_notes", meeting_id=meeting.pk)
        if action == "share" and share_form.is_valid():
            _notes, emailed = meeting_notes_share(
                meeting=meeting,
                corrections_by=share_form.cleaned_data["corrections_by"],
                by=request.user,
            )
            messages.success(
                request,
                ngettext(
                    "Shared with the attendees: %(count)s person emailed.",
                    "Shared with the attendees: %(count)s people emailed.",
                    emailed,
                )
                % {"count": emailed},
            )
            return redirect("opportunities_meeting_notes", meeting_id=meeting.pk)
        if action == "publish":
            _notes, emailed = meeting_notes_publish(meeting=meeting, by=request.user)
            messages.success(
                request,
                ngettext(
                    "Published to the group: %(count)s member emailed.",
                    "Published to the group: %(count)s members emailed.",
                    emailed,
                )
                % {"count": emailed},
            )
            return redirect("opportunities_meeting_notes", meeting_id=meeting.pk)
    except MeetingError as refused:
        error = str(refused)
        if action == "save":
            form.add_error(None, error)
        elif action == "share":
            share_form.add_error(None, error)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_notes.html",
        {
            "meeting": meeting,
            "notes": notes,
            "form": form,
            "share_form": share_form,
            "error": error if action == "publish" else "",
            "corrections": notes_corrections(notes),
            "started": meeting.has_started(),
        },
    )


@requires(permission=MEETING_PERMISSION)
def notes_correction_view(request, correction_id: int):
    correction = get_object_or_404(
        NotesCorrection.objects.select_related("notes__meeting__group", "member"),
        pk=correction_id,
    )
    meeting = correction.notes.meeting
    form = CorrectionAnswerForm(
        request.POST if request.method == "POST" else None,
        initial={
            "status": correction.status if correction.status != "open" else None,
            "answer": correction.answer,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            notes_correction_answer(correction=correction, by=request.user, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Answer saved, and the member has been emailed."))
            return redirect("opportunities_meeting_notes", meeting_id=meeting.pk)
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_correction.html",
        {"meeting": meeting, "correction": correction, "form": form},
    )


# Feedback ---------------------------------------------------------------------------


@requires(permission=MEETING_PERMISSION)
def agenda_feedback(request, item_id: int):
    """The group's feedback on an item, to its researcher: written, checked, sent. POST
    without `confirm`: the check page; with it: sent."""
    item = _item(item_id)
    if item.request_id is None:
        raise Http404("Only an item with a researcher's request has feedback")
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        initial={"feedback": item.feedback},
    )
    if request.method == "POST" and form.is_valid():
        feedback = form.cleaned_data["feedback"]
        if request.POST.get("confirm") and not request.POST.get("change"):
            try:
                with transaction.atomic():
                    sent = agenda_feedback_send(item=item, feedback=feedback, by=request.user)
            except MeetingError as error:
                form.add_error(None, str(error))
            else:
                if sent:
                    messages.success(request, _("Feedback sent to the researcher."))
                else:
                    messages.info(
                        request, _("This feedback had already been sent: nothing new to send.")
                    )
                return _to_meeting(item.meeting)
        elif not request.POST.get("change"):
            return TemplateResponse(
                request,
                "opportunities/admin/meeting_feedback_check.html",
                {"item": item, "meeting": item.meeting, "feedback": feedback, "form": form},
            )
    return TemplateResponse(
        request,
        "opportunities/admin/meeting_feedback.html",
        {
            "item": item,
            "meeting": item.meeting,
            "form": form,
            "started": item.meeting.has_started(),
        },
    )
