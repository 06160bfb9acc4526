"""Every extension point of `training`, declared once: how the app above it (reciprocity)
hears that a course was completed or a certificate revoked (training never imports it).
Each is a Django signal; the apps connect their receivers in their own receivers.py.

`course_completed(sender=Completion, completion=…)`: a person completed a course
(all its required sessions attended, or their own declaration confirmed by staff).
`completion.course.skills` are the skills it gives; reciprocity records each as a
`SkillGained` with source "training". Sent inside the writer's transaction.

`course_completion_revoked(sender=Completion, completion=…)`: staff revoked a
completion (and its certificate); what followed from it (skills gained) goes too.
"""

from django.dispatch import Signal

course_completed = Signal()
course_completion_revoked = Signal()
