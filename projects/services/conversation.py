"""The team's conversation: messages, the researcher's progress updates, moderation,
the emails about them (each, or a daily digest) and each person's own choices.

Who is emailed, decided (issue 18: "respecting each person's email choices, with a
digest option"). Messages and progress updates are treated alike:

- `each`: an email for every new message and every progress update, soon after it is
  posted;
- `digest`: nothing at the time; the next morning's digest counts them, who wrote how
  many messages and how many progress updates there were (a day late at most);
- `none`: no emails about the conversation. Progress updates still reach them on
  their account page ("What happened next"), which every team member sees whatever
  they chose, so nobody misses what happened next.

No email carries what was written: messages may hold personal stories, and an email
leaves our hands. Each says who wrote in which project and links to the thread.
Nobody is emailed about their own post, nor about a hidden one.
"""

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from home.page_cache import people_changed
from members.models import User
from members.services.email import email_person
from members.services.own_record import own_record_refuse
from projects.models import Post, Project, TeamMember
from projects.services.resent import project_lock, resent_since

POST_HIDDEN = "roundtable.project_post_hidden"
POST_SHOWN = "roundtable.project_post_shown"
NOW_CHANGED = "roundtable.project_now_changed"


class ConversationError(Exception):
    """A change to the conversation that cannot be made; the message says why."""


def _team_ids(project: Project) -> list[int]:
    return list(
        TeamMember.objects.filter(project=project, left_at=None).values_list("person_id", flat=True)
    )


@transaction.atomic
def post_add(*, project: Project, author: User, body: str, kind: str = Post.Kind.MESSAGE) -> Post:
    """Add a message (or, with kind UPDATE, a progress update) to the project's thread
    and, once saved, email the team members who asked for an email each time (not the
    author). A progress update also changes the team's account pages ("What happened
    next"). Who may post is the view's question (access.may_post, and for updates
    access.is_researcher or access.is_staff). The same words sent again at once are
    the same post (projects.services.resent): returned, not posted or emailed twice."""
    body = body.strip()
    if not body:
        raise ConversationError(_("Write your message"))
    project_lock(project.pk)
    resent = Post.objects.filter(
        project=project, author=author, kind=kind, body=body, created_at__gte=resent_since()
    ).first()
    if resent is not None:
        return resent
    post = Post.objects.create(project=project, author=author, body=body, kind=kind)
    rows = (
        TeamMember.objects.filter(project=project, left_at=None, emails=TeamMember.Emails.EACH)
        .exclude(person=author)
        .filter(person__is_active=True)
        .select_related("person")
    )
    template = (
        "projects/email/conversation_update"
        if kind == Post.Kind.UPDATE
        else "projects/email/conversation_post"
    )
    for row in rows:
        email_person(
            user=row.person,
            template=template,
            context={"project": project, "post": post, "author_name": author.name},
            key=f"project-post:{post.pk}:{row.person_id}",
        )
    if kind == Post.Kind.UPDATE:
        people_changed(*_team_ids(project))
    return post


@transaction.atomic
def post_hide(*, post: Post, by: User, reason: str) -> Post:
    """Hide a post (staff moderation): the thread shows that it was hidden and why,
    not what it said; staff still read it. Logged."""
    own_record_refuse(person=post.author_id, by=by, error=ConversationError)
    reason = reason.strip()
    if not reason:
        raise ConversationError(_("Say why the message is hidden"))
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), by, reason
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    log(instance=post.project, action=POST_HIDDEN, user=by, data={"post": post.pk})
    if post.kind == Post.Kind.UPDATE:
        people_changed(*_team_ids(post.project))
    return post


@transaction.atomic
def post_show(*, post: Post, by: User) -> Post:
    """Show a hidden post again (not one's own: a colleague hid it). Logged."""
    own_record_refuse(person=post.author_id, by=by, error=ConversationError)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    log(instance=post.project, action=POST_SHOWN, user=by, data={"post": post.pk})
    if post.kind == Post.Kind.UPDATE:
        people_changed(*_team_ids(post.project))
    return post


@transaction.atomic
def project_now_set(*, project: Project, now: str, by: User) -> Project:
    """Change "what is happening now" (the researcher, the leads, staff). Logged."""
    project.now = now.strip()
    project.save(update_fields=["now", "updated_at"])
    log(instance=project, action=NOW_CHANGED, user=by)
    return project


@transaction.atomic
def team_member_choices_save(
    *, row: TeamMember, emails: str, named_in_reports: bool, credit_as: str
) -> TeamMember:
    """A person's own choices for one project: which emails about the conversation,
    and whether reports about the project name them (and by what name)."""
    row.emails = emails
    row.named_in_reports = named_in_reports
    row.credit_as = credit_as.strip() if named_in_reports else ""
    row.save(update_fields=["emails", "named_in_reports", "credit_as"])
    return row


# The daily digest ---------------------------------------------------------------------


def digest_select(*, until: datetime.datetime) -> dict[User, list[dict]]:
    """For each person who chose the digest on some project: per project, the visible
    posts by others since their last digest (or since they joined) up to `until`, as
    counts. Two queries whatever the number of teams, people and posts: the digest
    rows with their people and projects, and the posts since the earliest of them."""
    rows = list(
        TeamMember.objects.filter(
            left_at=None, emails=TeamMember.Emails.DIGEST, person__is_active=True
        )
        .select_related("person", "project")
        .order_by("person_id", "project__title", "project_id")
    )
    if not rows:
        return {}

    def since(row):
        return row.digest_sent_up_to or row.joined_at

    posts_of = defaultdict(list)
    posts = (
        Post.objects.filter(
            project_id__in={row.project_id for row in rows},
            hidden_at=None,
            created_at__gt=min(since(row) for row in rows),
            created_at__lte=until,
        )
        .values_list("project_id", "author_id", "author__name", "kind", "created_at")
        .order_by("created_at", "pk")
    )
    for project_id, *post in posts:
        posts_of[project_id].append(post)
    digests: dict[User, list[dict]] = defaultdict(list)
    for row in rows:
        writers, updates = Counter(), 0
        for author_id, author_name, kind, created_at in posts_of[row.project_id]:
            if created_at <= since(row) or (author_id is not None and author_id == row.person_id):
                continue
            if kind == Post.Kind.UPDATE:
                updates += 1
            else:
                writers[author_name if author_id is not None else None] += 1
        digests[row.person].append(
            {
                "row": row,
                "project": row.project,
                "writers": [
                    {"name": name, "count": count}
                    for name, count in sorted(writers.items(), key=_by_name)
                ],
                "updates": updates,
                "messages": sum(writers.values()),
            }
        )
    return digests


def _by_name(item):
    name, _count = item
    return (name is None, name or "")


@transaction.atomic
def digest_send(*, now: datetime.datetime | None = None) -> int:
    """The daily email for people who chose the digest: for each of their projects
    with something new, who wrote how many messages and how many progress updates
    (never what was written), with a link to each thread. Safe to run twice: the key
    holds the date, and each team row remembers up to when it was told
    (`digest_sent_up_to`), so nothing is counted twice. A row whose email could not be
    queued because today's was already sent keeps its mark, so what came since is in
    tomorrow's."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent, told = 0, []
    for person, projects in digest_select(until=now).items():
        news = [item for item in projects if item["messages"] or item["updates"]]
        rows = [item["row"].pk for item in projects]
        if not news:
            told += rows
            continue
        queued = email_person(
            user=person,
            template="projects/email/conversation_digest",
            context={"projects": news},
            key=f"project-digest:{person.pk}:{today.isoformat()}",
        )
        if queued:
            sent += 1
        if queued or not person.email:
            told += rows
    if told:
        TeamMember.objects.filter(pk__in=told).update(digest_sent_up_to=now)
    return sent
