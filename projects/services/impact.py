"""Impact in a project: "you said, we did" recorded from the project's own page, and
the once-only reminder when members have heard nothing for too long."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from involvement.models import Activity, ImpactEntry
from involvement.services import InvolvementError, impact_add
from members.models import User
from members.services.email import email_person
from opportunities.models import AgendaItem, CommentRound, OpportunityPage, ResearchRequest
from projects.models import ImpactReminder, Project, TeamMember, TeamRole
from projects.selectors.impact import activities_due_reminder, request_activities
from projects.services.projects import ProjectError
from projects.services.resent import project_lock, resent_since


@transaction.atomic
def project_impact_record(
    *,
    project: Project,
    activity: Activity,
    what_changed: str,
    by: User,
    kind: str = "",
    research_stage: str = "",
) -> ImpactEntry:
    """'You said, we did' on one of the project's activities, recorded and emailed to
    the members who took part (involvement.services.impact_add). The caller checks that
    `by` may steer the project. The same words recorded again at once on the same
    activity (a double click) are the same entry: returned, not emailed twice."""
    if not request_activities(project.request_id).filter(pk=activity.pk).exists():
        raise ProjectError(_("Choose one of this project's activities."))
    project_lock(project.pk)
    resent = ImpactEntry.objects.filter(
        activity=activity,
        added_by=by,
        what_changed=what_changed.strip(),
        added_at__gte=resent_since(),
    ).first()
    if resent is not None:
        return resent
    try:
        return impact_add(
            activity=activity,
            what_changed=what_changed,
            by=by,
            kind=kind,
            research_stage=research_stage,
        )
    except InvolvementError as error:
        raise ProjectError(str(error)) from None


def _requests_by_activity(activity_ids: list[int]) -> dict[int, set[int]]:
    """Which requests each activity was made from (three queries, whatever the number)."""
    found = defaultdict(set)
    sources = [
        OpportunityPage.objects.filter(activity_id__in=activity_ids, request__isnull=False)
        .values_list("activity_id", "request_id")
        .distinct(),
        AgendaItem.objects.filter(meeting__activity_id__in=activity_ids, request__isnull=False)
        .values_list("meeting__activity_id", "request_id")
        .distinct(),
        CommentRound.objects.filter(activity_id__in=activity_ids, request__isnull=False)
        .values_list("activity_id", "request_id")
        .distinct(),
    ]
    for rows in sources:
        for activity_id, request_id in rows:
            found[activity_id].add(request_id)
    return found


def impact_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind, once, about each activity whose members have heard no "you said, we did"
    IMPACT_FEEDBACK_OVERDUE_WEEKS after they last took part. Returns the number of
    emails queued.

    Who is reminded: the researcher of each request the activity was made from (its
    opportunity page's, the requests with a slot on the meeting's agenda, the comment
    round's), each once, and the staff on the team of each such request's project.
    A request without a project has no team: only its researcher is reminded, no staff.
    An activity made from no request (a training session, a meeting with only the
    group's own business) has nobody to remind and is left alone: no reminder is
    recorded for it.

    Once only: the ImpactReminder row (unique on its activity) is the record. The rows
    are inserted together, ignoring any that exist, marked with this run's time; only
    those read back with that mark were made by this run, so two runs at once send each
    reminder once (and each email also has its outbox key). The reads are set-based:
    the queries do not grow with the number of activities, except the one outbox row
    each email is.
    """
    activities = list(activities_due_reminder(today=today).only("pk", "title"))
    if not activities:
        return 0
    requests_of = _requests_by_activity([activity.pk for activity in activities])
    request_ids = set().union(*requests_of.values()) if requests_of else set()
    requests = {
        row.pk: row
        for row in ResearchRequest.objects.filter(pk__in=request_ids).select_related("researcher")
    }
    staff_of = defaultdict(list)  # request id → (project, staff member)
    for row in TeamMember.objects.filter(
        project__request_id__in=request_ids, role=TeamRole.STAFF, left_at=None
    ).select_related("person", "project"):
        staff_of[row.project.request_id].append((row.project, row.person))
    project_of = dict(
        Project.objects.filter(request_id__in=request_ids).values_list("request_id", "pk")
    )

    due = [activity for activity in activities if requests_of.get(activity.pk)]
    marker = timezone.now()
    with transaction.atomic():
        ImpactReminder.objects.bulk_create(
            [ImpactReminder(activity=activity, sent_at=marker) for activity in due],
            ignore_conflicts=True,
        )
        mine = set(
            ImpactReminder.objects.filter(
                activity_id__in=[activity.pk for activity in due], sent_at=marker
            ).values_list("activity_id", flat=True)
        )
        sent = 0
        for activity in due:
            if activity.pk not in mine:
                continue
            for person, path in _recipients(
                requests_of[activity.pk], requests, staff_of, project_of
            ):
                queued = email_person(
                    user=person,
                    template="projects/email/impact_reminder",
                    context={
                        "activity": activity,
                        "path": path,
                        "weeks": settings.IMPACT_FEEDBACK_OVERDUE_WEEKS,
                    },
                    key=f"impact-reminder:{activity.pk}:{person.pk}",
                )
                sent += bool(queued)
    return sent


def _recipients(request_ids, requests, staff_of, project_of) -> list[tuple[User, str]]:
    """(person, the page where they can answer), each person once."""
    people = {}
    for request_id in sorted(request_ids):
        research_request = requests.get(request_id)
        project_id = project_of.get(request_id)
        project_path = (
            reverse("projects:impact", kwargs={"project_id": project_id}) if project_id else ""
        )
        researcher = research_request.researcher if research_request else None
        if researcher is not None and researcher.is_active and researcher.pk not in people:
            people[researcher.pk] = (
                researcher,
                project_path
                or reverse(
                    "opportunities:request_detail", kwargs={"research_request_id": request_id}
                ),
            )
        for _project, person in staff_of.get(request_id, []):
            if person.is_active and person.pk not in people:
                people[person.pk] = (person, project_path)
    return list(people.values())
