"""Every extension point of `involvement`, declared once: how the apps above it hear
that involvement was recorded, and how they say where their activities are run
(involvement never imports them). Each is a Django signal; the apps connect their
receivers in their own receivers.py.

`involvement_recorded(sender=Involvement, involvements=[…])`: involvement was recorded
or corrected by involvement.services, one row or many at once (the bulk writer sends
one event for all of them). Sent inside the writer's transaction, so what a receiver
does (payments following a corrected involvement) is kept or undone with the write.
Rows changed any other way send nothing: write through the services.

`activity_admin_url(sender=Activity, activity=…)`: return the admin address where staff
run this activity (an opportunity's page editor), or None when it is not yours. Screens
that show an activity link to it (involvement.selectors.activity_admin_url).
"""

from django.dispatch import Signal

involvement_recorded = Signal()
activity_admin_url = Signal()
