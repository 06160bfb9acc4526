"""Receivers: what projects adds to the pages of the apps below it ("Your projects" and
"What happened next" on the account page), to a person's data download, and what it
removes when an account is erased.

Erasure, decided (issue 18): a person's team rows, agreement acceptances,
endorsements, reflections and check-ins are deleted with them (the database's
cascade); their posts, decision comments and dissent stay, shown as by "a former
member" (the author is set to nothing), so the conversation and the decision log
others took part in still read true. Each area's receivers sit in its own block."""

# -- projects and team (foundation) --
# -- conversation and progress updates --
# -- team agreement and decisions --
from django.dispatch import receiver  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from members.hooks import personal_data_requested  # noqa: E402


@receiver(personal_data_requested, dispatch_uid="projects.agreement_decisions_data")
def agreement_and_decisions_data(sender, user, **kwargs):
    """The person's acceptances of team agreements, the decisions they proposed, their
    support, comments and disagreement (in their words)."""
    from projects.models import (
        AgreementAcceptance,
        Decision,
        DecisionComment,
        Dissent,
        Endorsement,
    )

    acceptances = AgreementAcceptance.objects.filter(person=user).select_related("version__project")
    proposed = Decision.objects.filter(proposed_by=user).select_related("project")
    endorsements = Endorsement.objects.filter(person=user).select_related("decision__project")
    comments = DecisionComment.objects.filter(author=user).select_related("decision__project")
    dissents = Dissent.objects.filter(person=user).select_related("decision__project")
    return (
        _("Team agreements and decisions"),
        {
            _("Team agreements you accepted"): [
                {
                    _("Project"): a.version.project.title,
                    _("Version"): a.version.number,
                    _("Accepted"): a.accepted_at,
                }
                for a in acceptances
            ],
            _("Decisions you proposed"): [
                {
                    _("Project"): d.project.title,
                    _("What needed deciding"): d.title,
                    _("Background"): d.background,
                    _("Options considered"): d.options,
                    _("Proposed"): d.proposed_at,
                }
                for d in proposed
            ],
            _("Decisions you supported"): [
                {
                    _("Project"): e.decision.project.title,
                    _("Decision"): e.decision.title,
                    _("Supported"): e.at,
                }
                for e in endorsements
            ],
            _("Your comments on decisions"): [
                {
                    _("Project"): c.decision.project.title,
                    _("Decision"): c.decision.title,
                    _("Comment"): c.body,
                    _("Written"): c.at,
                    _("Hidden"): c.hidden_at,
                }
                for c in comments
            ],
            _("Where you recorded that you disagree"): [
                {
                    _("Project"): d.decision.project.title,
                    _("Decision"): d.decision.title,
                    _("Why you disagree"): d.reason,
                    _("Recorded"): d.at,
                }
                for d in dissents
            ],
        },
    )


# -- end team agreement and decisions --
# -- reflections and check-ins --
# -- impact reminders and reports --
