"""The migration that gives the health topics plain-English names changes the rows in
place: a database taken back to before it, with topics chosen the old way, migrated
forward, keeps every choice (same ids), now under the new names."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members.factories import MemberFactory
from members.models import MemberProfile, Topic

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("members", "0023_topic_hrcs_category")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_afterwards():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_renaming_keeps_the_rows_and_the_links_to_them(back_to_the_latest_afterwards):
    member = MemberFactory()
    old = migrate(BEFORE)
    # A transactional test before this one may have emptied the tables: seed as 0004 did.
    importlib.import_module("members.migrations.0004_seed_taxonomy").seed(old, None)
    OldTopic = old.get_model("members", "Topic")
    OldTopic.objects.filter(parent__isnull=False).delete()
    # Going back restored the HRCS names; the categories are as 0023 left them: empty.
    OldTopic.objects.update(hrcs_category="")
    cancer = OldTopic.objects.get(name="Cancer and neoplasms")
    metabolic = OldTopic.objects.get(name="Metabolic and endocrine")
    profile = old.get_model("members", "MemberProfile").objects.create(user_id=member.pk)
    profile.topics.set([cancer.pk, metabolic.pk])

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # through 0024, and on

    chosen = MemberProfile.objects.get(pk=profile.pk).topics.order_by("pk")
    assert [(t.pk, t.name, t.hrcs_category) for t in chosen] == sorted(
        [
            (cancer.pk, "Cancer", "cancer"),
            (metabolic.pk, "Diabetes, thyroid and hormones", "metabolic"),
        ]
    )
    assert Topic.objects.get(name="Diabetes").parent_id == metabolic.pk
