"""The migrations that moved involvement and impact onto activities keep what a working
site holds: a database taken back to the migrations before them (opportunities 0006,
reciprocity 0009, no involvement app), given rows the old way, then migrated forward.
Every row stays, with its id; each opportunity gets one activity; payments, claims and
skills keep their involvement; staff keep exactly their permissions, and the log keeps
its entries. Going back works too."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import ModelLogEntry

from involvement.models import Activity, ImpactEntry, Involvement
from involvement.services import involvement_record
from members import roles
from members.factories import MemberFactory, StaffFactory
from members.models import Skill
from opportunities.factories import opportunity_create
from opportunities.models import OpportunityPage
from opportunities.services.involvement import opportunity_activity_sync
from reciprocity.models import ExpenseClaim, Payment, SkillGained

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("opportunities", "0006_seeks_voices_disability"),
    ("reciprocity", "0009_ratecard_expense_claim_max_per_activity"),
    ("involvement", None),
]
DAY = datetime.date(2026, 3, 2)
MOVED = {"involvement", "impactentry"}


def migrate(targets):
    """Migrate to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def staff_permissions() -> set[tuple[str, str]]:
    staff = Group.objects.get(name=roles.INVOLVEMENT_STAFF)
    return set(staff.permissions.values_list("content_type__app_label", "codename"))


@pytest.fixture
def at_the_latest_afterwards():
    yield
    migrate(latest())  # whatever happened, the next test finds today's schema


def test_existing_rows_move_to_activities_and_back(baseline, at_the_latest_afterwards):
    staff = StaffFactory()
    member, other, twice = MemberFactory(), MemberFactory(), MemberFactory()
    chairing = Skill.objects.create(name="Chairing meetings")
    panel = opportunity_create(title="Diabetes panel", is_paid=False)
    panel.skills.set([chairing])
    panel.save_revision().publish()
    leaflet = opportunity_create(title="Leaflet review")
    untouched = opportunity_create(title="Nobody took part yet")
    # Recorded the new way, to see it go back.
    recorded_now = involvement_record(
        member=other,
        activity=opportunity_activity_sync(opportunity=leaflet),
        attended=True,
        started_on=DAY,
        hours=Decimal("1"),
        by=staff,
    )
    permissions_now = staff_permissions()
    assert ("involvement", "add_involvement") in permissions_now

    old = migrate(BEFORE)
    OldInvolvement = old.get_model("opportunities", "Involvement")
    going_back = OldInvolvement.objects.get(pk=recorded_now.pk)
    assert going_back.opportunity_id == leaflet.pk and going_back.activity == "Leaflet review"
    assert not OldInvolvement.objects.filter(opportunity_id=untouched.pk).exists()
    # Staff's permissions went back with their content types.
    assert staff_permissions() == {
        ("opportunities" if codename.split("_", 1)[1] in MOVED else app_label, codename)
        for app_label, codename in permissions_now
    }

    # The old way: involvement on an opportunity (`activity` was its title), and some
    # without one.
    on_panel = OldInvolvement.objects.create(
        member_id=member.pk, opportunity_id=panel.pk, activity="Diabetes panel", started_on=DAY
    )
    on_leaflet = OldInvolvement.objects.create(
        member_id=member.pk, opportunity_id=leaflet.pk, activity="Leaflet review", started_on=DAY
    )
    imported = [
        OldInvolvement.objects.create(
            member_id=person.pk, activity="Imported panel", started_on=DAY, hours=Decimal("3")
        )
        for person in (member, twice, twice)
    ]
    impact = old.get_model("opportunities", "ImpactEntry").objects.create(
        opportunity_id=panel.pk, what_changed="We rewrote page 2."
    )
    card = old.get_model("reciprocity", "RateCard").objects.create(
        name="Old card",
        valid_from=datetime.date(2020, 4, 6),
        **dict.fromkeys(
            [
                "hourly",
                "half_day",
                "full_day",
                "per_document_review",
                "per_meeting_from_home",
                "mileage_per_mile",
                "food_cap",
                "carer_cover_per_hour",
                "support_worker_per_hour",
            ],
            Decimal("1"),
        ),
    )
    payment = old.get_model("reciprocity", "Payment").objects.create(
        member_id=member.pk,
        payee_reference="RT-1",
        involvement_id=on_leaflet.pk,
        idempotency_key=f"involvement:{on_leaflet.pk}",
        activity="Leaflet review",
        activity_date=DAY,
        hours=Decimal("2"),
        basis="hourly",
        amount=Decimal("50"),
        method="bank",
        status="proposed",
        tax_year="2025-26",
        reason="Time given",
        rate_card_id=card.pk,
    )
    claim = old.get_model("reciprocity", "ExpenseClaim").objects.create(
        member_id=member.pk,
        payee_reference="RT-1",
        involvement_id=on_leaflet.pk,
        activity="Leaflet review",
        activity_date=DAY,
        tax_year="2025-26",
    )
    skill = old.get_model("reciprocity", "SkillGained").objects.create(
        member_id=member.pk,
        skill_id=chairing.pk,
        gained_on=DAY,
        activity="Diabetes panel",
        involvement_id=on_panel.pk,
        source="involvement",
    )
    old_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="opportunities", model="involvement"
    )
    log_entry = ModelLogEntry.objects.create(
        content_type_id=old_type.pk,
        label="Involvement",
        action="wagtail.create",
        object_id=str(on_panel.pk),
        timestamp=timezone.now(),
    )
    # As if another migration had made the new app's permissions before the move
    # (the content type then exists twice: the move merges them).
    early = ContentType.objects.create(app_label="involvement", model="impactentry")
    Permission.objects.create(content_type=early, codename="view_impactentry", name="x")

    migrate(latest())

    panel_activity = OpportunityPage.objects.get(pk=panel.pk).activity
    assert panel_activity.kind == "opportunity" and panel_activity.title == "Diabetes panel"
    assert not panel_activity.is_paid and list(panel_activity.skills.all()) == [chairing]
    leaflet_activity = OpportunityPage.objects.get(pk=leaflet.pk).activity
    assert OpportunityPage.objects.get(pk=untouched.pk).activity is None  # made when next published
    assert Involvement.objects.get(pk=on_panel.pk).activity == panel_activity
    assert Involvement.objects.get(pk=on_leaflet.pk).activity == leaflet_activity
    assert Involvement.objects.get(pk=recorded_now.pk).activity == leaflet_activity
    # Without an opportunity: an activity per title, paid as before; whoever was there
    # twice under it gets a second, so each member has one involvement per activity.
    activities = [Involvement.objects.get(pk=row.pk).activity for row in imported]
    assert {a.title for a in activities} == {"Imported panel"} and all(
        a.is_paid for a in activities
    )
    assert activities[0] == activities[1] != activities[2]
    assert Involvement.objects.count() == 6
    assert ImpactEntry.objects.get(pk=impact.pk).activity == panel_activity
    assert Payment.objects.get(pk=payment.pk).involvement_id == on_leaflet.pk
    assert ExpenseClaim.objects.get(pk=claim.pk).involvement_id == on_leaflet.pk
    assert SkillGained.objects.get(pk=skill.pk).involvement_id == on_panel.pk
    assert Activity.objects.count() == 4  # panel, leaflet, imported ×2

    # Exactly the permissions they had, under the app that owns the models now.
    assert staff_permissions() == permissions_now
    assert not ContentType.objects.filter(app_label="opportunities", model__in=MOVED).exists()
    assert ContentType.objects.filter(app_label="involvement", model="impactentry").count() == 1
    assert StaffFactory().has_perm("involvement.add_impactentry")
    log_entry.refresh_from_db()
    assert log_entry.content_type == ContentType.objects.get_for_model(Involvement)
