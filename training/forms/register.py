"""A session's register: one pair of radios (attended, did not attend) per person with
a place, all saved at once."""

from django import forms
from django.utils.translation import gettext_lazy as _

from training.models import Booking

CHOICES = [
    (Booking.Attendance.ATTENDED, _("Attended")),
    (Booking.Attendance.ABSENT, _("Did not attend")),
]


def field_name(booking: Booking) -> str:
    return f"attendance-{booking.pk}"


class RegisterForm(forms.Form):
    """A field per booking, except the person's own (a colleague marks that)."""

    def __init__(self, *args, bookings: list[Booking], by, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        for booking in bookings:
            if booking.person_id == by.pk:
                continue
            self.fields[field_name(booking)] = forms.ChoiceField(
                label=str(booking.person),
                choices=CHOICES,
                required=False,
                initial=booking.attendance or None,
                widget=forms.RadioSelect,
            )

    def marks(self) -> dict[int, str]:
        return {
            booking.pk: self.cleaned_data.get(field_name(booking)) or ""
            for booking in self.bookings
            if field_name(booking) in self.fields
        }

    def rows(self):
        """(booking, its field or None) in the register's order."""
        return [
            (booking, self[field_name(booking)] if field_name(booking) in self.fields else None)
            for booking in self.bookings
        ]
