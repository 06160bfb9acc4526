"""Booking a session: what would help the person take part (their own, or staff's
assisted route for someone without an email address)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members import roles
from members.models import User
from training.models import Booking, CoursePage

ACCESS_NEEDS_HELP = _(
    "For example: a step-free room, a hearing loop, large-print handouts, breaks. "
    "Only the people running the session see this."
)


class BookingForm(forms.ModelForm):
    class Meta:
        model = Booking
        fields = ["access_needs"]
        labels = {"access_needs": _("What would help you take part in this session?")}
        help_texts = {"access_needs": ACCESS_NEEDS_HELP}
        widgets = {"access_needs": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}


def people_who_may_book(course: CoursePage):
    """Everyone whose role the course is for."""
    wanted = [
        role
        for role, flag in (
            (roles.MEMBER, course.for_members),
            (roles.RESEARCHER, course.for_researchers),
            (roles.INVOLVEMENT_STAFF, course.for_staff),
        )
        if flag
    ]
    return User.objects.filter(is_active=True, groups__name__in=wanted).distinct()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name or str(obj)


class AssistedBookingForm(forms.Form):
    """Staff book a place for someone who has no email address (they were asked by
    phone, by post or in person)."""

    person = PersonChoiceField(
        label=_("Who is the place for?"),
        queryset=User.objects.none(),
        help_text=_(
            "People with no email address, who cannot book online. Anyone with one "
            "can book for themselves."
        ),
        error_messages={"required": _("Choose who the place is for")},
    )
    access_needs = forms.CharField(
        label=_("What would help them take part in this session?"),
        help_text=ACCESS_NEEDS_HELP,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, course: CoursePage, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            people_who_may_book(course)
            .filter(Q(email__isnull=True) | Q(email=""))
            .exclude(pk=by.pk)
            .order_by("name", "pk")
        )
