"""What this app adds to the member's account page, data download and erasure."""

import io
import json
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members.factories import MemberFactory
from members.services.personal_data import account_erase
from opportunities.factories import opportunity_create
from opportunities.models import Application, Involvement, OpportunityPage, ResearchRequest
from opportunities.services import (
    application_decide,
    application_submit,
    impact_add,
    involvement_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def took_part(member, staff):
    opportunity = opportunity_create(title="Shape the diabetes app")
    application = application_submit(
        member=member, opportunity=opportunity, statement="Mon expérience compte"
    )
    application_decide(application=application, status="selected", message="Welcome", by=staff)
    involvement_record(
        application=application, attended=True, started_on=timezone.localdate(), hours=3, by=staff
    )
    impact_add(opportunity=opportunity, what_changed="The app now has bigger buttons.", by=staff)
    return application


def test_the_account_page_shows_applications_and_the_difference_made(client, member, took_part):
    client.force_login(member)
    page = client.get("/account/").content.decode()
    assert "Your applications" in page and "Shape the diabetes app" in page
    assert "What difference you made" in page and "The app now has bigger buttons." in page


def test_a_researcher_account_links_to_their_requests(client, researcher):
    client.force_login(researcher)
    assert 'href="/requests/"' in client.get("/account/").content.decode()


def test_the_data_download_includes_applications_and_involvement(client, member, took_part):
    client.force_login(member)
    response = client.post("/account/your-data/download/")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("your-data.json"))
    section = data["Your applications and involvement"]
    assert section["Applications"][0]["Why you were interested"] == "Mon expérience compte"
    assert section["Involvement"][0]["Hours"] == "3.00"


def test_erasure_removes_applications_and_the_name_from_their_log(member, took_part):
    application_id = took_part.pk
    account_erase(user=member)
    assert not Application.objects.filter(pk=application_id).exists()
    assert not Involvement.objects.filter(member_id=member.pk).exists()
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application_id),
    )
    assert entries.exists()
    assert all(member.name not in entry.label for entry in entries)


def test_the_demo_data_has_opportunities_requests_and_applications(db):
    call_command("load_demo_data")
    call_command("load_demo_data")  # safe to run again: nothing doubled
    assert OpportunityPage.objects.live().count() == 5
    assert OpportunityPage.objects.open().count() == 4
    assert ResearchRequest.objects.waiting_for_staff().count() == 1
    assert Application.objects.filter(status="submitted").count() == 3
    assert Involvement.objects.count() == 1


def test_the_directory_filters_and_shows_last_involved(admin_login, staff, member, took_part):
    MemberFactory(name="Never Involved")
    client = admin_login(staff)
    page = client.get("/admin/member-directory/?last_involved=3m").content.decode()
    assert member.name.replace("'", "&#x27;") in page and "Never Involved" not in page
    page = client.get("/admin/member-directory/?last_involved=never").content.decode()
    assert "Never Involved" in page and member.name.replace("'", "&#x27;") not in page
    response = client.get("/admin/member-directory/?export=csv")
    export = b"".join(response.streaming_content).decode()
    assert str(timezone.localdate()) in export
