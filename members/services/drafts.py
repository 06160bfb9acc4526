"""Unsent answers of multi-page journeys, kept server-side (members.models.JourneyDraft).

The session holds only a random token naming this sign-in's drafts; the answers
themselves (equality monitoring, applications: special-category data) never enter the
session store. Views use the `draft_*` functions with the request.
"""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from members.models import JourneyDraft, User

TOKEN_KEY = "journey-draft-token"  # noqa: S105 (a session key name, not a secret)
# A draft untouched for as long as a session lives is abandoned.
DRAFT_MAX_AGE = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def _token(request, *, create: bool) -> str | None:
    token = request.session.get(TOKEN_KEY)
    if token is None and create:
        token = request.session[TOKEN_KEY] = secrets.token_urlsafe(24)
    return token


def draft_get(request, journey: str) -> dict | None:
    """This sign-in's unsent answers to `journey`, or None."""
    token = _token(request, create=False)
    if token is None:
        return None
    draft = JourneyDraft.objects.filter(
        user=request.user,
        session_token=token,
        journey=journey,
        updated_at__gte=timezone.now() - DRAFT_MAX_AGE,
    ).first()
    return draft.answers if draft else None


@transaction.atomic
def draft_save(request, journey: str, answers: dict) -> None:
    """Keep `answers` (JSON-ready) as this sign-in's draft of `journey`."""
    JourneyDraft.objects.update_or_create(
        user=request.user,
        session_token=_token(request, create=True),
        journey=journey,
        defaults={"answers": answers, "updated_at": timezone.now()},
    )


def draft_discard(request, journey: str) -> None:
    """The journey was sent or abandoned: its draft goes."""
    token = _token(request, create=False)
    if token is not None:
        JourneyDraft.objects.filter(
            user=request.user, session_token=token, journey=journey
        ).delete()


def drafts_discard_for_session(*, user: User, session) -> int:
    """Signing out ends the sign-in's drafts, as it ended the session that held them."""
    token = session.get(TOKEN_KEY) if session is not None else None
    if token is None:
        return 0
    deleted, _by_model = JourneyDraft.objects.filter(user=user, session_token=token).delete()
    return deleted


def drafts_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete drafts untouched for DRAFT_MAX_AGE (abandoned). Daily, from beat."""
    cutoff = (now or timezone.now()) - DRAFT_MAX_AGE
    deleted, _by_model = JourneyDraft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
