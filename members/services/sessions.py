"""Sign-ins (sessions): ended with the account, on a password change or reset, and
cleared when expired. allauth.usersessions records which sessions belong to whom
(members.receivers records every sign-in, whatever signed the person in)."""

from importlib import import_module

from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command

from members.models import User
from members.services.drafts import journey_drafts


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _session_data(session_key: str) -> dict:
    """What a session holds, read before it ends; an expired row too (its drafts may
    outlive it), so the stored row is read where the engine keeps one."""
    store = _session_store()
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        row = Session.objects.filter(session_key=session_key).first()
        return store().decode(row.session_data) if row else {}
    return store(session_key).load()


def session_end(*, user_session) -> None:
    """End one sign-in (an allauth UserSession) with its unsent drafts: a draft is found
    only through the token its session holds, so once the session goes it could not be
    reached, yet would still hold the answers (a change of saved answers holds a copy of
    all of them) until it is abandoned (home.journeys.draft_max_age)."""
    journey_drafts.discard_for_session(
        user=user_session.user, session=_session_data(user_session.session_key)
    )
    user_session.end()


def sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every session `user` is signed in with, except `keep_session_key` (the one
    that just changed the password). The session rows go, with anything kept in them
    and their unsent drafts, so they can neither be used nor read. Expired sessions go
    too: allauth forgets which are whose once they expire, and they still hold who it
    was.
    Returns the number of sessions ended."""
    from allauth.usersessions.models import UserSession  # needs the app registry

    ended = 0
    for user_session in UserSession.objects.filter(user=user).select_related("user"):
        if keep_session_key and user_session.session_key == keep_session_key:
            continue
        session_end(user_session=user_session)
        ended += 1
    _session_store().clear_expired()
    return ended


def _names_user(data: dict, user: User) -> bool:
    login = data.get("account_login") or {}
    # allauth keeps a half-done sign-in's user as base 36 ("a" for 10), Django as decimal.
    return str(user.pk) in (
        str(data.get("_auth_user_id")),
        str(data.get("account_authentication_methods_user")),
    ) or (isinstance(login, dict) and login.get("user_pk") == user_pk_to_url_str(user))


def sessions_forget(*, user: User) -> int:
    """For erasure: end every session that names `user`, signed in or not.

    allauth keeps a sign-in that waits for a code or a verified address in an anonymous
    session (with the person's id and address); no record says whose it is, so the
    stored sessions are read, one at a time. Erasure is rare and the table holds only
    live sessions (cleared daily), so this stays small. Other session engines keep their
    sessions out of reach: there only the signed-in sessions are ended.
    """
    ended = sessions_end(user=user)
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return ended
    store = _session_store()()
    naming = [
        row.session_key
        for row in Session.objects.only("session_key", "session_data").iterator()
        if _names_user(store.decode(row.session_data), user)
    ]
    Session.objects.filter(session_key__in=naming).delete()
    return ended + len(naming)


def sessions_clear() -> dict:
    """Daily (beat): Django's `clearsessions`, abandoned drafts, and allauth's records
    of sessions that no longer exist (they hold an IP address and a browser)."""
    from allauth.usersessions.models import UserSession

    call_command("clearsessions")
    stale = 0
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        stale, _by_model = UserSession.objects.exclude(
            session_key__in=Session.objects.values("session_key")
        ).delete()
    return {"drafts": journey_drafts.purge(), "user_sessions": stale}
