"""The member record's own log: every look by staff at one person's record is written to
Wagtail's log (who, when), and the latest are shown on the record itself."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import get_active_log_context, log, registry

from members.models import User

VIEWED = "roundtable.member_record_viewed"


def member_record_log_read(*, person: User, by: User) -> None:
    log(instance=person, action=VIEWED, user=by)


ACCESS_NEEDS_VIEWED = "roundtable.access_needs_viewed"
ACCESS_SHARING_CHANGED = "roundtable.access_sharing_changed"


def access_sharing_log_change(*, person: User, shared: bool, what: str) -> None:
    """The person gave or took back their consent to share their access needs (health
    data) with a researcher: kept in their account's history, like any consent, with
    where it applies (`what`, e.g. the role). Never the needs themselves."""
    log(
        instance=person,
        action=ACCESS_SHARING_CHANGED,
        user=person,
        data={"shared": shared, "where": what[:200]},
    )


def access_needs_log_read(*, people: list[int], by: User, what: str) -> None:
    """Someone saw these people's access needs (health data): one entry per person in
    their account's history, saying who looked, when and where (`what`, e.g. the
    opportunity's access summary). Never what the needs are.

    Written in one statement, as Wagtail's `log()` would write each (same model, label
    and request uuid): a summary of many people must not cost queries per person."""
    persons = list(User.objects.filter(pk__in=people).only("pk", "name", "email"))
    if not persons:
        return
    model = registry.get_log_model_for_instance(persons[0])
    content_type = ContentType.objects.get_for_model(User, for_concrete_model=False)
    now = timezone.now()
    model.objects.bulk_create(
        [
            model(
                content_type=content_type,
                object_id=str(person.pk),
                label=model.objects.get_instance_title(person),
                action=ACCESS_NEEDS_VIEWED,
                timestamp=now,
                user=by,
                uuid=get_active_log_context().uuid,
                data={"where": what[:200]},
            )
            for person in persons
        ]
    )
