"""Reading certificates: the person's own, and the public check by code."""

import re

from django.db.models import Prefetch

from members.models import Skill
from training.models import Completion, CoursePage
from training.models.completions import CODE_ALPHABET, CODE_LENGTH

_NOT_CODE = re.compile(r"[^A-Z0-9]")


def certificate_code_normalise(code: str) -> str | None:
    """A code as typed or read aloud ("k7qm 2xwp hd", "K7QM2XWPHD") in the form it is
    stored ("K7QM-2XWP-HD"); None when it cannot be one (wrong length or letters)."""
    raw = _NOT_CODE.sub("", (code or "").upper())
    if len(raw) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in raw):
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _with_course_and_skills(completions):
    return completions.select_related("person", "course").prefetch_related(
        Prefetch("course__skills", queryset=Skill.objects.order_by("name"))
    )


def certificate_of(*, completion_id: int, person) -> Completion | None:
    """`person`'s own certificate (completed or revoked), or None: nobody else's."""
    return _with_course_and_skills(
        Completion.objects.filter(pk=completion_id, person=person).exclude(
            status=Completion.Status.DECLARED
        )
    ).first()


def certificate_for_staff(*, completion_id: int) -> Completion | None:
    return _with_course_and_skills(Completion.objects.filter(pk=completion_id)).first()


def certificate_to_check(code: str) -> Completion | None:
    """The certificate that `code` names, if its holder lets people check it; else None,
    whether or not the code exists (the page must not tell the two apart)."""
    normalised = certificate_code_normalise(code)
    if normalised is None:
        return None
    return _with_course_and_skills(
        Completion.objects.filter(certificate_code=normalised, verifiable=True).exclude(
            status=Completion.Status.DECLARED
        )
    ).first()


def course_skills(course: CoursePage) -> list:
    """The skills a course gives, by name (prefetched by the selectors above)."""
    return list(course.skills.all())
