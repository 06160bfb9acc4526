"""What every "questions, then check your answers" journey shares: its steps (one
question page each, in order), the unsent answers kept server-side, and the rows of
the check-your-answers summary. The journeys (profile, equality monitoring, a request
for input, an application) keep their own questions, pages and saving."""

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

# --- Steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One question page: its slug in the URL, its title, and the form it shows.

    `asked(answers)`, if given, says whether the page is asked at all given the answers
    so far (the detail of an ethnic group only once a group is chosen): Back and
    Continue pass over a page that is not."""

    slug: str
    title: str
    form_class: type
    asked: Callable[[dict], bool] | None = None

    def is_asked(self, answers: dict | None) -> bool:
        return self.asked is None or answers is None or self.asked(answers)

    @property
    def fields(self) -> list[str]:
        """The names of the answers this page asks for, in order."""
        meta = getattr(self.form_class, "Meta", None)
        if meta is not None and getattr(meta, "fields", None) is not None:
            return list(meta.fields)
        return list(self.form_class.base_fields)


@dataclass(frozen=True)
class Position:
    """Where one step stands in its journey: what a question page shows ("Step 3 of 8")
    and where its Back and Continue go."""

    step: Step
    index: int  # from 0
    total: int
    previous: Step | None
    next: Step | None

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def caption(self) -> str:
        """The caption above the page's title. "Step", not "Question": a page may ask
        several questions, and "Question 1 of 8" then miscounts them."""
        return _("Step %(number)s of %(total)s") % {"number": self.number, "total": self.total}

    @property
    def is_first(self) -> bool:
        return self.previous is None

    @property
    def is_last(self) -> bool:
        return self.next is None


class Steps:
    """A journey's question pages, in order. Reads like the list it replaces
    (`len(steps)`, `steps[i]`, `for step in steps`) and answers where a slug stands."""

    def __init__(self, steps: list[Step]):
        slugs = [step.slug for step in steps]
        if len(set(slugs)) != len(slugs):
            raise ValueError(f"Two steps have the same slug: {slugs}")
        self._steps = list(steps)

    def __iter__(self):
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)

    def __getitem__(self, index: int) -> Step:
        return self._steps[index]

    @property
    def slugs(self) -> list[str]:
        return [step.slug for step in self._steps]

    @property
    def fields(self) -> list[str]:
        """Every answer the journey asks for, page by page."""
        return [name for step in self._steps for name in step.fields]

    def position(self, slug: str, answers: dict | None = None) -> Position:
        """Where the page `slug` stands; with `answers`, its Back and Continue pass
        over the pages those answers do not ask (Step.asked). A slug the journey does
        not have is "not found" (Http404), as an unknown address is."""
        if slug not in self.slugs:
            raise Http404
        index = self.slugs.index(slug)
        before = [s for s in self._steps[:index] if s.is_asked(answers)]
        after = [s for s in self._steps[index + 1 :] if s.is_asked(answers)]
        return Position(
            step=self._steps[index],
            index=index,
            total=len(self._steps),
            previous=before[-1] if before else None,
            next=after[0] if after else None,
        )


# --- Unsent answers, kept server-side --------------------------------------------------

TOKEN_KEY = "journey-draft-token"  # noqa: S105 (a session key name, not a secret)


def draft_max_age() -> datetime.timedelta:
    """A draft untouched for as long as a session lives is abandoned."""
    return datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


class DraftStore:
    """Answers typed into a journey and not sent yet, kept in the database and never in
    the session: they can be special-category data, and a session row is neither erased
    with the person nor part of their data download. The session holds only a random
    token (TOKEN_KEY) naming this sign-in's drafts, so a draft ends like the session:
    when the journey is sent or abandoned, at sign-out, with the account, or after
    draft_max_age().

    `model` keeps the rows: a model with `user`, `session_token`, `journey`, `answers`
    (JSON) and `updated_at`, unique on the first three (members.models.JourneyDraft).
    It is given by the app that owns the people, which home does not import.
    """

    def __init__(self, model):
        self.model = model

    @staticmethod
    def _token(request, *, create: bool) -> str | None:
        token = request.session.get(TOKEN_KEY)
        if token is None and create:
            token = request.session[TOKEN_KEY] = secrets.token_urlsafe(24)
        return token

    def get(self, request, journey: str) -> dict | None:
        """This sign-in's unsent answers to `journey`, or None."""
        token = self._token(request, create=False)
        if token is None:
            return None
        draft = self.model.objects.filter(
            user=request.user,
            session_token=token,
            journey=journey,
            updated_at__gte=timezone.now() - draft_max_age(),
        ).first()
        return draft.answers if draft else None

    def get_for_update(self, request, journey: str) -> dict | None:
        """As `get`, with the draft's row locked until the transaction ends (call it
        inside transaction.atomic): of two requests sending one draft at once (a double
        click, a second tab), the second waits, then finds the draft gone."""
        token = self._token(request, create=False)
        if token is None:
            return None
        draft = (
            self.model.objects.select_for_update()
            .filter(
                user=request.user,
                session_token=token,
                journey=journey,
                updated_at__gte=timezone.now() - draft_max_age(),
            )
            .first()
        )
        return draft.answers if draft else None

    def save(self, request, journey: str, answers: dict) -> None:
        """Keep `answers` (JSON-ready) as this sign-in's draft of `journey`."""
        with transaction.atomic():
            self.model.objects.update_or_create(
                user=request.user,
                session_token=self._token(request, create=True),
                journey=journey,
                defaults={"answers": answers, "updated_at": timezone.now()},
            )

    def discard(self, request, journey: str) -> None:
        """The journey was sent or abandoned: its draft goes."""
        token = self._token(request, create=False)
        if token is not None:
            self.model.objects.filter(
                user=request.user, session_token=token, journey=journey
            ).delete()

    def discard_everywhere(self, *, user, journey: str) -> int:
        """Every sign-in's draft of `journey` (the answers it would change are gone)."""
        deleted, _by_model = self.model.objects.filter(user=user, journey=journey).delete()
        return deleted

    def discard_for_session(self, *, user, session) -> int:
        """Signing out ends the sign-in's drafts, as it ended the session that held them."""
        token = session.get(TOKEN_KEY) if session is not None else None
        if token is None:
            return 0
        deleted, _by_model = self.model.objects.filter(user=user, session_token=token).delete()
        return deleted

    def purge(self, *, now: datetime.datetime | None = None) -> int:
        """Delete drafts untouched for draft_max_age() (abandoned). Daily, from beat."""
        cutoff = (now or timezone.now()) - draft_max_age()
        deleted, _by_model = self.model.objects.filter(updated_at__lt=cutoff).delete()
        return deleted


# --- Check your answers ----------------------------------------------------------------


class Row(NamedTuple):
    """One line of a check-your-answers summary: the question, the answer as shown, and
    what its Change link names (a step's slug, or a field on a one-page form).

    A tuple, so templates may read it as `{% for key, value, step in rows %}`, and
    `values` gives the answer as a list for templates that list several."""

    key: str
    value: Any
    step: str

    @property
    def values(self) -> list:
        if isinstance(self.value, list | tuple):
            return list(self.value)
        return [] if self.value in (None, "") else [self.value]


def answer_text(value) -> list[str]:
    """A typed or chosen answer as summary rows list it: nothing when it was not given."""
    return [str(value)] if value not in (None, "") else []


def answer_shown(field, value) -> str:
    """One answer as a person reads it: Yes or No, the label of a choice, or what was
    typed; "Not answered" when there is nothing."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return dict(getattr(field, "choices", [])).get(value, value) or _("Not answered")


def step_rows(steps, answers: dict, *, shown=None) -> list[Row]:
    """A row for every answer of every step, labelled as its page asks it, the value
    shown by `shown(name, value, field, answers)` (answer_shown by default), and a
    Change link to that step."""
    rows = []
    for step in steps:
        form = step.form_class(initial=answers)
        for name in step.fields:
            field = form.fields[name]
            value = answers.get(name)
            text = shown(name, value, field, answers) if shown else answer_shown(field, value)
            rows.append(Row(field.label, text, step.slug))
    return rows


def form_rows(form, answers: dict, names: list[str] | None = None) -> list[Row]:
    """A row for each field of a one-page form, with the answer as given (the template
    shows it) and the field's name for the Change link's anchor."""
    return [Row(form[name].label, answers[name], name) for name in names or list(form.fields)]
