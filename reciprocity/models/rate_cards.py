"""Rate cards: the organisation's payment policy from a date (rates for time, how each
kind of activity is paid, expense rates and limits)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.datetimes import format_date
from involvement.models import Activity
from reciprocity.money import FOR_TIME, PER_DOCUMENT, PER_MEETING, Rates

MONEY = {"max_digits": 8, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10000"))]

PAID_AS_CHOICES = [
    (FOR_TIME, _("For time: by the hour, half a day or a full day")),
    (PER_MEETING, _("The rate for a meeting from home")),
    (PER_DOCUMENT, _("The rate for reviewing a document")),
]


def paid_as_field(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=10,
        choices=PAID_AS_CHOICES,
        default=FOR_TIME,
    )


class RateCardQuerySet(models.QuerySet):
    def in_force(self, on):
        """The card that applied on a date: the latest valid from on or before it."""
        return self.filter(valid_from__lte=on).order_by("-valid_from").first()


class RateCard(models.Model):
    """The organisation's payment policy from a date. Edited by admins; a new policy is a
    new card with a later date, so past payments keep the rates they were made with."""

    name = models.CharField(_("name"), max_length=120)
    valid_from = models.DateField(_("valid from"), unique=True)
    is_example = models.BooleanField(
        _("example only"),
        default=False,
        help_text=_("Demo data: replace it with your organisation's own policy."),
    )
    hourly = models.DecimalField(_("an hour"), validators=NOT_NEGATIVE, **MONEY)
    half_day = models.DecimalField(_("half a day"), validators=NOT_NEGATIVE, **MONEY)
    full_day = models.DecimalField(_("a full day"), validators=NOT_NEGATIVE, **MONEY)
    per_document_review = models.DecimalField(
        _("reviewing a document"), validators=NOT_NEGATIVE, **MONEY
    )
    per_meeting_from_home = models.DecimalField(
        _("a meeting from home"), validators=NOT_NEGATIVE, **MONEY
    )
    # How each kind of activity is paid (involvement.models.Activity.Kind; PAID_AS_FIELDS).
    opportunity_paid_as = paid_as_field(_("opportunities are paid"))
    group_meeting_paid_as = paid_as_field(_("group meetings are paid"))
    training_session_paid_as = paid_as_field(_("training sessions are paid"))
    comment_round_paid_as = paid_as_field(_("comment rounds are paid"))
    mileage_per_mile = models.DecimalField(
        _("mileage, a mile"), validators=NOT_NEGATIVE, max_digits=6, decimal_places=3
    )
    food_cap = models.DecimalField(_("food, most a day"), validators=NOT_NEGATIVE, **MONEY)
    carer_cover_per_hour = models.DecimalField(
        _("childcare or carer cover, an hour"), validators=NOT_NEGATIVE, **MONEY
    )
    support_worker_per_hour = models.DecimalField(
        _("support worker, an hour"), validators=NOT_NEGATIVE, **MONEY
    )
    # Limits on what a member may claim (one cost; one activity): more is a typing slip,
    # or a call to the team first. Part of the policy, so dated and edited with it.
    expense_item_max = models.DecimalField(
        _("expenses: most for one cost"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10000"))],
        default=Decimal("1000.00"),
        help_text=_("A member typing more for one cost is asked to check it or call us."),
        **MONEY,
    )
    expense_claim_max = models.DecimalField(
        _("expenses: most for one activity"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10000"))],
        default=Decimal("1500.00"),
        help_text=_(
            "The most a member may claim for one activity, all their claims together "
            "(claims turned down do not count)."
        ),
        **MONEY,
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RateCardQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("rate card")

    def __str__(self) -> str:
        label = f"{self.name} (from {format_date(self.valid_from, weekday=False)})"
        return f"{label} — example" if self.is_example else label

    def rates(self) -> Rates:
        return Rates(
            hourly=self.hourly,
            half_day=self.half_day,
            full_day=self.full_day,
            per_meeting=self.per_meeting_from_home,
            per_document=self.per_document_review,
            paid_as={kind: getattr(self, name) for kind, name in PAID_AS_FIELDS.items()},
        )


# Each kind of activity, and the field of the card that says how it is paid.
PAID_AS_FIELDS = {
    Activity.Kind.OPPORTUNITY: "opportunity_paid_as",
    Activity.Kind.GROUP_MEETING: "group_meeting_paid_as",
    Activity.Kind.TRAINING_SESSION: "training_session_paid_as",
    Activity.Kind.COMMENT_ROUND: "comment_round_paid_as",
}
