"""Celery tasks of the home app, where Celery's autodiscovery looks for them.

The outbox's two tasks are defined with the work they do, in home.outbox (the hand-over
queues one of them, so a tasks module apart would import home.outbox and be imported by
it). Their names, home.send_notification and home.notifications_sweep, are unchanged.
"""

from home.outbox import notifications_sweep, send_notification

__all__ = ["notifications_sweep", "send_notification"]
