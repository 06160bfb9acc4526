"""Skills gained: taking part records the skills the opportunity asked for; staff add
one from the member record; members cannot."""

import datetime
from decimal import Decimal

import pytest

from involvement.services import involvement_record
from members.models import Skill
from opportunities.factories import opportunity_create
from opportunities.services.involvement import opportunity_activity_sync

pytestmark = pytest.mark.django_db


def test_taking_part_records_the_skills_the_opportunity_asked_for(client, member, staff):
    chairing = Skill.objects.create(name="Chairing meetings")
    opportunity = opportunity_create(title="Steering group")
    opportunity.skills.set([chairing])
    opportunity.save_revision().publish()
    took_part = {
        "member": member,
        "activity": opportunity_activity_sync(opportunity=opportunity),
        "started_on": datetime.date.today(),
        "hours": Decimal("2"),
        "by": staff,
    }
    involvement_record(attended=True, **took_part)
    involvement_record(attended=True, **took_part)  # recorded again (corrected): still one
    client.force_login(member)
    page = client.get("/statement/").content.decode()
    assert "Chairing meetings: Steering group" in page
    involvement_record(attended=False, **took_part)
    assert "Chairing meetings" not in client.get("/statement/").content.decode()


def test_staff_add_a_skill_from_the_member_record(admin_login, staff, member):
    chairing = Skill.objects.create(name="Chairing meetings")
    client = admin_login(staff)
    page = client.get(f"/admin/members/{member.pk}/").content.decode()
    assert "Add a skill gained" in page
    url = f"/admin/payments/skills/{member.pk}/add/"
    bad = client.post(url, {"skill": chairing.pk, "gained_on": "31/02/2026", "activity": "Chaired"})
    assert "<title>Error:" in bad.content.decode() and 'value="Chaired"' in bad.content.decode()
    response = client.post(
        url, {"skill": chairing.pk, "gained_on": "1/5/2026", "activity": "Chaired March"}
    )
    assert response["Location"] == f"/admin/members/{member.pk}/"
    gained = member.skills_gained.get()
    assert gained.source == "staff" and gained.added_by == staff


def test_members_cannot_add_skills(client, member):
    chairing = Skill.objects.create(name="Chairing meetings")
    client.force_login(member)
    client.post(
        f"/admin/payments/skills/{member.pk}/add/", {"skill": chairing.pk, "gained_on": "1/5/2026"}
    )
    assert not member.skills_gained.exists()
