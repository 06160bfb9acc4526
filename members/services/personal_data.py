"""A member's own data: everything we hold, as a download, and erasure of the account.

The apps above `members` (opportunities, reciprocity, …) hold more about a person; they
add it through the hooks declared in members/hooks.py (`personal_data_requested`,
`personal_data_files_requested`, `account_erasing`), without members importing them.
"""

import datetime
import io
import json
import zipfile

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from home.models import OrganisationSettings, OutboxEmail
from home.outbox import outbox_forget_address
from members.hooks import account_erasing, personal_data_files_requested, personal_data_requested
from members.models import AccountErasure, GroupMembership, JourneyDraft, User
from members.selectors.equality import equality_answers_shown
from members.selectors.member_record import member_summary
from members.services.email import email_person
from members.services.equality import equality_publications_forget
from members.services.sessions import sessions_forget

ERASED_LABEL = "Erased account"


class ErasureRefused(Exception):
    """This account cannot be erased here; the message says why and what to do."""


def _history(user: User) -> list[dict]:
    """What the platform's log records about the person's account and memberships."""
    return [
        {"when": entry.timestamp, "what": entry.message}
        for entry in _log_entries_about(user).order_by("timestamp")
    ]


def _history_by(user: User) -> list[dict]:
    """What the log records the person doing (only what and when: an entry's label can
    name someone else)."""
    return [
        {"when": entry.timestamp, "what": entry.message}
        for entry in ModelLogEntry.objects.filter(user=user)
        .exclude(pk__in=_log_entries_about(user).values("pk"))
        .order_by("timestamp")
    ]


def _log_entries_about(user: User):
    membership_ids = [str(pk) for pk in user.memberships.values_list("pk", flat=True)]
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ) | ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(GroupMembership),
        object_id__in=membership_ids,
    )


def _addresses(user: User) -> list[str]:
    addresses = {user.email or "", *user.emailaddress_set.values_list("email", flat=True)}
    return sorted(address for address in addresses if address)


def _admin_preferences(user: User) -> dict:
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None:
        return {}
    return {
        str(field.verbose_name): str(getattr(profile, field.name) or "")
        for field in UserProfile._meta.concrete_fields
        if field.name not in ("id", "user")
    }


def personal_data_collect(*, user: User) -> dict:
    """Everything we hold about `user`, in sections a person can read."""
    summary = member_summary(user)
    data = {
        _("Your account"): {
            _("Name"): user.name,
            _("Email address"): user.email or "",
            _("Other email addresses"): [
                {_("Email address"): address.email, _("Checked"): address.verified}
                for address in EmailAddress.objects.filter(user=user).exclude(
                    email__iexact=user.email or ""
                )
            ],
            _("Joined"): user.date_joined,
            _("Last signed in"): user.last_login,
            _("How you joined"): user.get_registered_channel_display(),
            _("Registered for you by staff"): user.registered_by_id is not None,
            _("Roles"): sorted(user.groups.values_list("name", flat=True)),
            _("Two-factor authentication"): get_mfa_adapter().is_mfa_enabled(user),
            _("Researcher account"): user.get_researcher_request_display(),
            _("Research organisation"): user.researcher_organisation,
            _("Message about your researcher account"): user.researcher_decision_note,
        },
        _("Your profile"): {str(answer.key): answer.values for answer in summary["answers"]},
        _("Your reference groups"): [
            {
                _("Group"): membership.group.title,
                _("Status"): membership.get_status_display(),
                _("Asked to join"): membership.applied_at,
                _("Started"): membership.started_on,
                _("Term ends"): membership.term_ends_on,
                _("Paused until"): membership.paused_until,
                _("Ended"): membership.ended_at,
                _("Why it ended"): membership.get_end_reason_display(),
                _("Ground rules agreed"): str(membership.ground_rules_version or ""),
                _("How you joined"): membership.get_joined_via_display(),
                _("Message from the involvement team"): membership.decision_note,
            }
            for membership in summary["memberships"]
        ],
        _("What you agreed to"): [
            {
                _("What"): consent.get_kind_display(),
                _("Version"): consent.version,
                _("When"): consent.given_at,
                _("How"): consent.get_method_display(),
            }
            for consent in summary["consents"]
        ],
        _("History of your account"): _history(user),
        _("Things you did that the platform recorded"): _history_by(user),
        _("Answers you have not sent yet"): [
            {_("What"): draft.journey, _("Answers"): draft.answers, _("Saved"): draft.updated_at}
            for draft in JourneyDraft.objects.filter(user=user).order_by("updated_at")
        ],
        _("Where you are signed in"): [
            {
                _("Started"): session.created_at,
                _("Last seen"): session.last_seen_at,
                _("IP address"): session.ip,
                _("Browser"): session.user_agent,
            }
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        # Which kinds and when; never the secrets (they would let anyone sign in).
        _("Two-factor authentication methods"): [
            {
                _("Kind"): authenticator.get_type_display(),
                _("Set up"): authenticator.created_at,
                _("Last used"): authenticator.last_used_at,
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("pk")
        ],
        # Subject, date and status only: bodies can hold live sign-in and reset links.
        _("Emails we sent you"): [
            {
                _("Subject"): notification.subject,
                _("To"): notification.to_address,
                _("Written"): notification.created_at,
                _("Status"): notification.get_status_display(),
                _("Sent"): notification.sent_at,
            }
            for notification in OutboxEmail.objects.filter(
                to_address__in=_addresses(user)
            ).order_by("created_at")
        ],
        _("Admin preferences"): _admin_preferences(user),
    }
    equality = equality_answers_shown(member=user)
    if equality is not None:
        data[_("Equality monitoring answers")] = equality
    for _receiver, section in personal_data_requested.send(sender=User, user=user):
        if section:
            title, section_data = section
            data[str(title)] = section_data
    return {str(key): value for key, value in data.items()}


def _readable(data) -> dict:
    """The data as a tree the HTML summary can walk: maps, lists and plain text."""
    if isinstance(data, dict):
        return {"kind": "map", "items": [(key, _readable(value)) for key, value in data.items()]}
    if isinstance(data, list) and data:
        return {"kind": "list", "items": [_readable(item) for item in data]}
    if isinstance(data, bool):
        text = _("Yes") if data else _("No")
    elif isinstance(data, datetime.datetime):
        text = date_format(timezone.localtime(data), "j F Y, H:i")
    elif isinstance(data, datetime.date):
        text = date_format(data, "j F Y")
    elif data in (None, "", []):
        text = "—"
    else:
        text = str(data)
    return {"kind": "text", "text": text}


def personal_data_files(*, user: User) -> list[tuple[str, object]]:
    """Files held about the person (receipts…), as (path in the zip, file)."""
    files = []
    for _receiver, found in personal_data_files_requested.send(sender=User, user=user):
        files.extend(found or [])
    return files


def personal_data_archive(*, user: User) -> tuple[str, bytes]:
    """A zip with the data as JSON (for computers), as a web page (for people), and the
    files held about them (receipts) under files/."""
    data = personal_data_collect(user=user)
    now = timezone.now()
    organisation = OrganisationSettings.for_default_site()
    html = render_to_string(
        "members/personal_data/summary.html",
        {
            "sections": _readable(data)["items"],
            "organisation": organisation,
            "generated_at": now,
            "person": user,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "your-data.json",
            json.dumps(
                {"generated_at": now, "organisation": organisation.name, **data},
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            ),
        )
        archive.writestr("your-data.html", html)
        for path, file in personal_data_files(user=user):
            with file.open("rb") as opened:
                archive.writestr(f"files/{path}", opened.read())
    return f"your-data-{now:%Y-%m-%d}.zip", buffer.getvalue()


def account_can_be_erased(user: User) -> bool:
    """Staff and admin accounts are closed by an administrator: their actions are part
    of other people's records, and the last admin must not lock everyone out. What
    the account *is* decides, not what this session may do: a staff account signed in
    without its second factor has its powers suspended, not its standing."""
    return not user.has_admin_access


@transaction.atomic
def account_erase(
    *,
    user: User,
    by: User | None = None,
) -> AccountErasure:
    """Erase the account and everything personal about it, keeping only the fact.

    Profile, memberships, consents, addresses, unsent drafts and two-factor devices go
    with the user row (their foreign keys cascade); every session signed in as the
    person ends (members.services.sessions). The platform's log keeps its entries about the
    account (what happened, when, by whom on staff) but loses the name and any
    messages. The person is emailed that it is done, if they have an address.
    `by` is the staff member who did it at the person's request (None: the person).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not account_can_be_erased(user):
        raise ErasureRefused(
            _("Staff accounts are closed by an administrator. Ask an administrator to do it.")
        )
    roles = ", ".join(sorted(user.groups.values_list("name", flat=True)))
    account_erasing.send(sender=User, user=user)
    # Published equality figures keep who was counted, by id: a stand-in takes its place.
    equality_publications_forget(user=user)
    _log_entries_about(user).update(label=ERASED_LABEL, data={})
    # The outbox keeps sent emails for a while (they name the person): they go now,
    # before the goodbye is queued, which is rendered now and sent after commit.
    for address in {user.email, *user.emailaddress_set.values_list("email", flat=True)} - {None}:
        outbox_forget_address(address)
    # The goodbye leaves the outbox as soon as it is sent (or fails for good): it names
    # the person, and nothing about them may stay.
    # Every session signed in as the person ends now, with whatever it held; the
    # request that asked for this is signed out by its view.
    sessions_forget(user=user)
    email_person(
        user=user, template="members/email/account_erased", context={}, forget_when_done=True
    )
    user.delete()
    return AccountErasure.objects.create(
        method=AccountErasure.Method.STAFF if by else AccountErasure.Method.SELF,
        erased_by=by,
        roles=roles,
    )
