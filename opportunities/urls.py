from django.urls import path

from opportunities.views import (
    applications,
    meetings,
    not_for_me,
    papers,
    research_requests,
    sessions,
)
from opportunities.views import comment_rounds as comment_round_views  # comment_rounds

app_name = "opportunities"

urlpatterns = [
    path("requests/", research_requests.research_request_list, name="requests"),
    path("requests/new/", research_requests.research_request_new, name="request_new"),
    path(
        "requests/<int:research_request_id>/",
        research_requests.research_request_detail,
        name="request_detail",
    ),
    path(
        "requests/<int:research_request_id>/check/",
        research_requests.research_request_check,
        name="request_check",
    ),
    path(
        "requests/<int:research_request_id>/sent/",
        research_requests.research_request_sent,
        name="request_sent",
    ),
    path(
        "requests/<int:research_request_id>/impact/<int:opportunity_id>/",
        research_requests.research_request_impact,
        name="request_impact",
    ),
    path(
        "requests/<int:research_request_id>/access/<int:opportunity_id>/",
        research_requests.research_request_access,
        name="request_access",
    ),
    path(
        "requests/<int:research_request_id>/<slug:slug>/",
        research_requests.research_request_step,
        name="request_step",
    ),
    path("apply/<int:opportunity_id>/", applications.apply, name="apply"),
    path(
        "apply/<int:opportunity_id>/check/",
        applications.apply_check,
        name="apply_check",
    ),
    path("applications/", applications.applications, name="applications"),
    path(
        "applications/<int:application_id>/",
        applications.application_detail,
        name="application_detail",
    ),
    path(
        "applications/<int:application_id>/access-sharing/",
        applications.application_access_sharing,
        name="application_access_sharing",
    ),
    path(
        "calendar/opportunities/<int:opportunity_id>/",
        sessions.opportunity_calendar,
        name="opportunity_calendar",
    ),
    path(
        "calendar/opportunities/<int:opportunity_id>/sessions/<int:session_id>/",
        sessions.session_calendar,
        name="session_calendar",
    ),
    path(
        "applications/<int:application_id>/sent/",
        applications.application_sent,
        name="application_sent",
    ),
    path(
        "applications/<int:application_id>/withdraw/",
        applications.application_withdraw_view,
        name="application_withdraw",
    ),
    path(
        "not-for-me/<int:opportunity_id>/",
        not_for_me.not_for_me,
        name="not_for_me",
    ),
    path(
        "not-for-me/<int:opportunity_id>/undo/",
        not_for_me.not_for_me_undo_view,
        name="not_for_me_undo",
    ),
    # comment_rounds: a member's page for a written comment round, and the comments
    # collated for the researcher (and staff), as a page and a spreadsheet.
    path(
        "comments/<int:round_id>/",
        comment_round_views.comment_round,
        name="comment_round",
    ),
    path(
        "comments/<int:round_id>/collated/",
        comment_round_views.comment_round_collated,
        name="comment_round_collated",
    ),
    path(
        "comments/<int:round_id>/collated.csv",
        comment_round_views.comment_round_collated_csv,
        name="comment_round_collated_csv",
    ),
    # end comment_rounds
]

# Group meetings, the member's side (area "meetings"): the meeting's page (and reply),
# its calendar file, a suggested correction to its notes, the group's meetings, and
# the one download for every paper (meetings' and comment rounds').
urlpatterns += [
    path("meetings/<int:meeting_id>/", meetings.meeting, name="meeting"),
    path(
        "meetings/<int:meeting_id>/calendar.ics", meetings.meeting_calendar, name="meeting_calendar"
    ),
    path(
        "meetings/<int:meeting_id>/notes/correction/",
        meetings.meeting_notes_correction,
        name="meeting_notes_correction",
    ),
    path("groups/<int:group_id>/meetings/", meetings.group_meetings, name="group_meetings"),
    path("papers/<int:paper_id>/", papers.paper, name="paper"),
]
