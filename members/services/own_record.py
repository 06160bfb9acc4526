"""Nobody acts on their own record: a member of staff who is also a member does not
select themselves, record their own involvement, decide their own expense claim,
generate, approve or pay their own payment, or edit their own record as staff. The
one guard every such service calls; the views show its message."""

from django.utils.translation import gettext_lazy as _

OWN_RECORD = _("This is your own record: ask a colleague to do this for you.")


class OwnRecordError(Exception):
    """Someone tried to act, as staff, on their own record."""


def _person_id(person) -> int | None:
    return person if isinstance(person, int) else getattr(person, "pk", None)


def is_own_record(*, person, by) -> bool:
    """True when `person` (a user or a user's id) is `by` themselves."""
    person_id = _person_id(person)
    return by is not None and person_id is not None and person_id == getattr(by, "pk", None)


def own_record_refuse(*, person, by, error: type[Exception] = OwnRecordError, message=None) -> None:
    """Raise `error` (the calling service's own kind, so its views already show it)
    when `by` would act on their own record."""
    if is_own_record(person=person, by=by):
        raise error(str(message or OWN_RECORD))
