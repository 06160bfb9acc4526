"""opportunities 0013 deletes the requests "Request public input" used to save empty at
once; a draft with anything in it stays, even with its first page unanswered (the old
question pages could be reached by their address in any order)."""

import importlib

import pytest
from django.apps import apps

from members.factories import ResearcherFactory
from members.models import Topic
from opportunities.factories import ResearchRequestFactory
from opportunities.models import ResearchRequest

pytestmark = pytest.mark.django_db

migration = importlib.import_module("opportunities.migrations.0013_remove_empty_request_drafts")

EMPTY = {
    "status": "draft",
    "project_title": "",
    "summary": "",
    "research_stage": "",
    "role_kind": "",
    "people_needed": None,
    "format": "",
    "place": "",
    "dates_needed": "",
    "time_needed": "",
    "payment_offer": "",
    "payment_detail": "",
    "deadline": None,
}


def test_only_drafts_with_nothing_in_them_go():
    # As "Request public input" used to save it (research_request_start).
    empty = ResearchRequest.objects.create(researcher=ResearcherFactory())
    role_answered = ResearchRequestFactory(**{**EMPTY, "role_kind": "reviewing"})
    place_answered = ResearchRequestFactory(**{**EMPTY, "place": "Leeds"})
    with_topic = ResearchRequestFactory(**EMPTY)
    with_topic.topics.add(Topic.objects.create(name="A topic of its own"))
    sent = ResearchRequestFactory(**{**EMPTY, "status": "submitted"})
    migration.remove_empty_drafts(apps, None)
    kept = set(ResearchRequest.objects.values_list("pk", flat=True))
    assert empty.pk not in kept
    assert {role_answered.pk, place_answered.pk, with_topic.pk, sent.pk} <= kept
