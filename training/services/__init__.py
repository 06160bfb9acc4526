"""Training's business actions, one module per area (courses, bookings, sessions,
attendance, completions, certificates, induction, wishes)."""


class TrainingError(Exception):
    """A booking, register or completion that cannot happen; the message says why."""
