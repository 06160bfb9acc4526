"""Reads of what training members would like: their own answer, and the counts staff see."""

from dataclasses import dataclass

from django.db.models import Count, Q

from members.models import User
from training.models import TrainingWish


def wish_of(person: User) -> TrainingWish | None:
    """Their answer, with its skills (two queries), or None."""
    return TrainingWish.objects.filter(person=person).prefetch_related("skills").first()


@dataclass(frozen=True)
class WishesReport:
    skills: list[tuple[str, int]]  # (skill's name, people who want it), most wanted first
    people: int  # people who said anything
    other_answers: int  # of them, how many wrote something under "anything else"


def wishes_report() -> WishesReport:
    """Counts of what people would like, per skill, most wanted first (two queries,
    whatever the number of people). Skills are not special-category data, so the
    counts are shown as they are."""
    through = TrainingWish.skills.through
    rows = (
        through.objects.values("skill__name")
        .annotate(wanted=Count("trainingwish_id"))
        .order_by("-wanted", "skill__name")
    )
    totals = TrainingWish.objects.aggregate(
        people=Count("pk"), other_answers=Count("pk", filter=~Q(other=""))
    )
    return WishesReport(
        skills=[(row["skill__name"], row["wanted"]) for row in rows],
        people=totals["people"],
        other_answers=totals["other_answers"],
    )
