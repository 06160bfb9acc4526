"""The team agreement and decision log in a person's data download, and on erasure:
acceptances and support go with the person; comments and dissent stay, shown as by
"A former member"."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from members.services.personal_data import account_erase, personal_data_collect
from projects.models import (
    AgreementAcceptance,
    AgreementVersion,
    DecisionComment,
    Dissent,
    Endorsement,
)
from projects.services.agreement import agreement_accept
from projects.services.decisions import (
    decision_comment_add,
    decision_endorse_toggle,
    decision_propose,
    decision_record,
    dissent_record,
)

pytestmark = pytest.mark.django_db


def _record(world):
    version = AgreementVersion.objects.get(project=world.project, number=1)
    agreement_accept(version=version, person=world.ben)
    supported = decision_propose(project=world.project, person=world.ben, title="Where to meet")
    decision_endorse_toggle(decision=supported, person=world.ben)
    decision_comment_add(decision=supported, person=world.ben, body="The library is step-free.")
    decided = decision_propose(project=world.project, person=world.ana, title="When to meet")
    decision_record(
        decision=decided,
        by=world.researcher,
        status="decided",
        outcome="Evenings",
        how_agreed="consensus",
        participants=[world.ana, world.ben],
    )
    dissent_record(decision=decided, person=world.ben, reason="Evenings are hard for carers.")
    return decided


def test_the_download_holds_acceptances_proposals_support_comments_and_dissent(world):
    _record(world)
    data = json.dumps(personal_data_collect(user=world.ben), cls=DjangoJSONEncoder)
    section = json.loads(data)["Team agreements and decisions"]
    assert section["Team agreements you accepted"][0]["Version"] == 1
    assert section["Decisions you proposed"][0]["What needed deciding"] == "Where to meet"
    assert section["Decisions you supported"][0]["Decision"] == "Where to meet"
    assert section["Your comments on decisions"][0]["Comment"] == "The library is step-free."
    assert section["Where you recorded that you disagree"][0]["Why you disagree"] == (
        "Evenings are hard for carers."
    )


def test_erasure_removes_support_and_acceptances_and_keeps_words_as_a_former_member(client, world):
    decided = _record(world)
    account_erase(user=world.ben)
    assert not AgreementAcceptance.objects.exists()
    assert not Endorsement.objects.exists()
    assert DecisionComment.objects.get().author is None
    assert Dissent.objects.get().person is None
    client.force_login(world.ana)
    page = client.get(
        reverse(
            "projects:decision", kwargs={"project_id": world.project.pk, "decision_id": decided.pk}
        )
    ).text
    assert "Evenings are hard for carers." in page
    assert "A former member" in page
    assert "Ben O" not in page
