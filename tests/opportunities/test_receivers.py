"""What this app adds to the member's account page, data download and erasure
(opportunities/receivers.py)."""

import io
import json
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from involvement.models import Involvement
from involvement.services import impact_add
from members.factories import MemberFactory
from members.services.personal_data import account_erase
from opportunities.factories import opportunity_create
from opportunities.models import Application
from opportunities.services.applications import application_submit
from opportunities.services.involvement import (
    application_involvement_record,
    opportunity_activity_sync,
)
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def took_part(member, staff):
    opportunity = opportunity_create(title="Shape the diabetes app")
    application = application_submit(
        member=member, opportunity=opportunity, statement="Mon expérience compte"
    )
    application_decide(application=application, status="selected", message="Welcome", by=staff)
    application_involvement_record(
        application=application, attended=True, started_on=timezone.localdate(), hours=3, by=staff
    )
    impact_add(
        activity=opportunity_activity_sync(opportunity=opportunity),
        what_changed="The app now has bigger buttons.",
        by=staff,
    )
    return application


@pytest.fixture
def opportunity(db):
    return opportunity_create(title="Review a diabetes leaflet", places=2)


def apply(member, opportunity, **answers):
    return application_submit(
        member=member, opportunity=opportunity, statement="I would like to help.", **answers
    )


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


def test_a_selected_member_erasing_their_account_passes_the_place_on(
    staff, opportunity, django_capture_on_commit_callbacks
):
    from members.services.personal_data import account_erase

    holder, waiting = (apply(MemberFactory(), opportunity) for _ in range(2))
    opportunity.places = 1
    opportunity.save()
    application_decide(application=holder, status="selected", message="", by=staff)
    application_decide(application=waiting, status="waitlisted", message="", by=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=holder.member)
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.SELECTED
    assert waiting.member.email in [m.to[0] for m in mail.outbox]
