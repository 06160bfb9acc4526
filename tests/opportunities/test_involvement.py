"""What selected members did (involvement), recorded by staff, and what difference it made
(impact, "you said, we did"), told to those who took part."""

import pytest
from django.core import mail
from django.utils import timezone

from involvement.models import Involvement
from involvement.services import impact_add
from members.factories import MemberFactory
from opportunities.factories import opportunity_create
from opportunities.services.applications import ApplicationError, application_submit
from opportunities.services.involvement import (
    application_involvement_record,
    opportunity_activity_sync,
)
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def opportunity(db):
    return opportunity_create(title="Review a diabetes leaflet", places=2)


def apply(member, opportunity, **answers):
    return application_submit(
        member=member, opportunity=opportunity, statement="I would like to help.", **answers
    )


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


def test_involvement_is_recorded_for_selected_members_only(staff, opportunity):
    application = apply(MemberFactory(), opportunity)
    with pytest.raises(ApplicationError):
        application_involvement_record(
            application=application, attended=True, started_on=TODAY, hours=2, by=staff
        )
    application_decide(application=application, status="selected", message="", by=staff)
    application_involvement_record(
        application=application, attended=True, started_on=TODAY, hours=2, by=staff
    )
    application_involvement_record(
        application=application, attended=False, started_on=TODAY, hours=2, by=staff
    )
    involvement = Involvement.objects.get()
    assert not involvement.attended and involvement.hours == 0  # corrected, not doubled


def test_staff_record_involvement_from_the_shortlist(admin_login, staff):
    opportunity = opportunity_create()
    application = apply(MemberFactory(), opportunity)
    application_decide(application=application, status="selected", message="", by=staff)
    client = admin_login(staff)
    response = client.post(
        f"/admin/shortlists/application/{application.pk}/involvement/",
        {"attended": "on", "started_on": TODAY.strftime("%d/%m/%Y"), "hours": "2.5"},
    )
    assert response.status_code == 302
    assert Involvement.objects.get().hours == 2.5
    bad = client.post(
        f"/admin/shortlists/application/{application.pk}/involvement/",
        {"attended": "on", "started_on": "yesterday", "hours": "-1"},
    )
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()


def test_you_said_we_did_reaches_those_who_took_part(
    staff, opportunity, django_capture_on_commit_callbacks
):
    took_part, missed = (apply(MemberFactory(), opportunity) for _ in range(2))
    for application, attended in [(took_part, True), (missed, False)]:
        application_decide(application=application, status="selected", message="", by=staff)
        application_involvement_record(
            application=application, attended=attended, started_on=TODAY, hours=2, by=staff
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        impact_add(
            activity=opportunity_activity_sync(opportunity=opportunity),
            what_changed="We rewrote page 2.",
            by=staff,
        )
    assert [m.to for m in mail.outbox] == [[took_part.member.email]]
    assert "We rewrote page 2." in mail.outbox[0].body


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
