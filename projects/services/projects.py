"""Opening a project from an accepted request, and keeping its team."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.page_cache import people_changed
from members import roles
from members.models import User
from members.models.taxonomy import ResearchStage
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from opportunities.models import ResearchRequest
from projects.models import Project, TeamMember, TeamRole
from projects.selectors.team import request_people
from projects.services.agreement import agreement_check_in_force, agreement_first_draft

PROJECT_OPENED = "roundtable.project_opened"
TEAM_MEMBER_ADDED = "roundtable.project_team_added"
TEAM_MEMBER_REMOVED = "roundtable.project_team_removed"
TEAM_LEAD_CHANGED = "roundtable.project_lead_changed"

MAX_LEADS = 2


class ProjectError(Exception):
    """A change to a project that cannot be made; the message says why."""


def _team_told(*, project: Project, rows: list[TeamMember]) -> None:
    for row in rows:
        if not row.person.is_active:  # a deactivated account is not emailed
            continue
        email_person(
            user=row.person,
            template="projects/email/team_added",
            context={"project": project, "row": row},
            key=f"project-team:{project.pk}:{row.person_id}",
        )
    people_changed(*(row.person_id for row in rows))


@transaction.atomic
def project_open(*, research_request: ResearchRequest, by: User) -> Project:
    """The team's shared space for an accepted request: the researcher, the staff member
    who opens it, and the members who took part so far (request_people) are the team;
    the first draft of the team agreement is proposed to them; each is emailed.
    Opening it again returns the project already open."""
    locked = ResearchRequest.objects.select_for_update().get(pk=research_request.pk)
    existing = Project.objects.filter(request=locked).first()
    if existing is not None:
        return existing
    if locked.status != ResearchRequest.Status.ACCEPTED:
        raise ProjectError(_("Only an accepted request can become a project."))
    project = Project.objects.create(
        request=locked,
        title=locked.project_title,
        group_id=locked.group_id,
        stage=locked.research_stage or ResearchStage.PRIORITIES,
        opened_by=by,
    )
    rows = []
    if locked.researcher_id and locked.researcher.is_active:
        rows.append(
            TeamMember(
                project=project,
                person=locked.researcher,
                role=TeamRole.RESEARCHER,
                source="request",
                added_by=by,
            )
        )
    if by.has_role(roles.INVOLVEMENT_STAFF) and by.pk != locked.researcher_id:
        rows.append(
            TeamMember(project=project, person=by, role=TeamRole.STAFF, source="staff", added_by=by)
        )
    rows += _members_from_request(project=project, skip={row.person.pk for row in rows}, by=by)
    TeamMember.objects.bulk_create(rows)
    agreement_first_draft(project=project, by=by)
    log(instance=project, action=PROJECT_OPENED, user=by)
    _team_told(project=project, rows=rows)
    return project


def _members_from_request(*, project: Project, skip: set[int], by: User | None) -> list[TeamMember]:
    people = request_people(project.request)
    members = User.objects.filter(pk__in=set(people) - skip, is_active=True)
    return [
        TeamMember(
            project=project,
            person=member,
            role=TeamRole.MEMBER,
            source=people[member.pk],
            added_by=by,
        )
        for member in members
    ]


@transaction.atomic
def project_team_sync(*, project: Project, by: User | None) -> list[TeamMember]:
    """Add the members who have taken part since (selected, attended a meeting about
    it, sent comments). Anyone with a team row already is left as they are, so someone
    staff removed is not brought back."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    have = set(TeamMember.objects.filter(project=project).values_list("person_id", flat=True))
    rows = _members_from_request(project=project, skip=have, by=by)
    TeamMember.objects.bulk_create(rows)
    for row in rows:  # each person added is logged, as team_member_add logs
        log(
            instance=project,
            action=TEAM_MEMBER_ADDED,
            user=by,
            data={"person": row.person_id, "role": row.role, "source": row.source},
        )
    _team_told(project=project, rows=rows)
    return rows


@transaction.atomic
def team_member_add(
    *, project: Project, person: User, role: str, by: User, is_lead: bool = False
) -> TeamMember:
    """Put someone on the team (or back on it), and tell them.

    Staff may join a team as staff, but not as anything else nor as a lead: a lead
    reads the reflections shared with the leads, which were shared on the
    understanding that staff do not (members.services.own_record)."""
    if role != TeamRole.STAFF or is_lead:
        own_record_refuse(person=person, by=by, error=ProjectError)
    row, created = TeamMember.objects.get_or_create(
        project=project,
        person=person,
        defaults={"role": role, "source": "staff", "added_by": by},
    )
    if not created and row.left_at is None:
        raise ProjectError(_("%(name)s is already on the team.") % {"name": person.name})
    row.role, row.left_at, row.added_by = role, None, by
    row.save(update_fields=["role", "left_at", "added_by"])
    if is_lead:
        team_lead_set(row=row, is_lead=True, by=by)
    log(
        instance=project,
        action=TEAM_MEMBER_ADDED,
        user=by,
        data={"person": person.pk, "role": role},
    )
    _team_told(project=project, rows=[row])
    return row


@transaction.atomic
def team_member_remove(*, row: TeamMember, by: User) -> TeamMember:
    """Take someone off the team: they keep their place in the record (what they wrote
    stays) and no longer see the project."""
    if row.left_at is not None:
        return row
    row.left_at = timezone.now()
    row.is_lead = False
    row.save(update_fields=["left_at", "is_lead"])
    log(instance=row.project, action=TEAM_MEMBER_REMOVED, user=by, data={"person": row.person_id})
    people_changed(row.person_id)
    # Team agreement (area C): the one who left no longer counts, so a proposed version
    # everyone else has accepted comes into force now.
    agreement_check_in_force(project=row.project)
    return row


@transaction.atomic
def team_lead_set(*, row: TeamMember, is_lead: bool, by: User) -> TeamMember:
    """Name (or un-name) a co-production lead: one or two per project. Nobody names
    themselves (a lead reads the reflections shared with the leads)."""
    if is_lead:
        own_record_refuse(person=row.person_id, by=by, error=ProjectError)
    if is_lead and not row.is_lead:
        # The project's row is the lock: two staff naming a third lead at once wait.
        Project.objects.select_for_update().filter(pk=row.project_id).first()
        leads = (
            TeamMember.objects.filter(project_id=row.project_id, is_lead=True, left_at=None)
            .exclude(pk=row.pk)
            .count()
        )
        if leads >= MAX_LEADS:
            raise ProjectError(_("A project has at most two co-production leads."))
    row.is_lead = is_lead
    row.save(update_fields=["is_lead"])
    log(
        instance=row.project,
        action=TEAM_LEAD_CHANGED,
        user=by,
        data={"person": row.person_id, "is_lead": is_lead},
    )
    return row
