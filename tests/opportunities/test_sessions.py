"""An opportunity's sessions (issue 14, item 7): entered in the page editor on the UK's
clock and checked, shown on the page with "Add to calendar", as calendar files, in the
emails, and cached pages made stale when they change."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.utils import timezone

from members.demo_content import demo_groups_create
from opportunities.factories import ApplicationFactory, opportunity_create, session_times
from opportunities.models import OpportunityPage, OpportunitySession
from opportunities.services.selection import application_decide
from tests.opportunities.test_selection_seeks_voices import _edit_form

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _next_year(month, day, hour) -> datetime.datetime:
    return datetime.datetime(timezone.localdate().year + 1, month, day, hour, tzinfo=LONDON)


def _session_form(form, sessions):
    """The page editor's form with `sessions` [(start, end) as typed] as its inline."""
    form = {k: v for k, v in form.items() if not k.startswith("sessions-")}
    form.update(
        {
            "sessions-TOTAL_FORMS": str(len(sessions)),
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
        }
    )
    for n, (start, end) in enumerate(sessions):
        form.update(
            {
                f"sessions-{n}-id": "",
                f"sessions-{n}-DELETE": "",
                f"sessions-{n}-starts_at": start,
                f"sessions-{n}-ends_at": end,
            }
        )
    form["action-publish"] = "action-publish"
    return form


def test_staff_add_sessions_in_the_page_editor_in_uk_time(admin_login, staff):
    opportunity = opportunity_create(title="Leaflet panel")
    client = admin_login(staff)
    year = timezone.localdate().year + 1
    form = _session_form(
        _edit_form(client, opportunity),
        [(f"{year}-07-06 18:00", f"{year}-07-06 20:00"), (f"{year}-01-12 18:00", "")],
    )
    response = client.post(f"/admin/pages/{opportunity.pk}/edit/", form)
    assert response.status_code == 200  # the second has no end: the form comes back
    assert "This field is required" in response.content.decode()
    form["sessions-1-ends_at"] = f"{year}-01-12 20:00"
    response = client.post(f"/admin/pages/{opportunity.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    first, second = OpportunitySession.objects.filter(page=opportunity)
    # Stored in UTC: 6pm in January is 18:00 UTC, 6pm in July (BST) is 17:00 UTC.
    assert first.starts_at == datetime.datetime(year, 1, 12, 18, tzinfo=datetime.UTC)
    assert second.starts_at == datetime.datetime(year, 7, 6, 17, tzinfo=datetime.UTC)
    assert second.when.endswith("6pm to 8pm")


def test_a_session_that_ends_before_it_starts_is_refused_with_how_to_fix_it(admin_login, staff):
    opportunity = opportunity_create()
    client = admin_login(staff)
    year = timezone.localdate().year + 1
    form = _session_form(
        _edit_form(client, opportunity), [(f"{year}-01-12 20:00", f"{year}-01-12 18:00")]
    )
    response = client.post(f"/admin/pages/{opportunity.pk}/edit/", form)
    assert response.status_code == 200
    assert "The end must be after the start" in response.content.decode()
    assert not OpportunitySession.objects.exists()


def test_the_free_text_about_when_is_optional_and_kept(admin_login, staff):
    opportunity = opportunity_create(dates="Plus reading at home")
    client = admin_login(staff)
    form = _edit_form(client, opportunity)
    assert form["dates"] == "Plus reading at home"
    form.update({"dates": "", "action-publish": "action-publish"})
    response = client.post(f"/admin/pages/{opportunity.pk}/edit/", form)
    assert response.status_code == 302
    assert OpportunityPage.objects.get(pk=opportunity.pk).dates == ""


def test_the_page_shows_every_session_and_add_to_calendar_links(client):
    opportunity = opportunity_create(
        title="Diabetes panel",
        dates="Plus reading at home",
        sessions=[
            (_next_year(1, 12, 18), _next_year(1, 12, 20)),
            (_next_year(1, 26, 18), _next_year(1, 27, 10)),
        ],
    )
    past = OpportunitySession.objects.create(
        page=opportunity,
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    page = client.get(opportunity.url).content.decode()
    year = timezone.localdate().year + 1
    january_12 = datetime.date(year, 1, 12).strftime("%A")
    assert f"{january_12} 12 January {year}, 6pm to 8pm" in page
    assert f"6pm to {datetime.date(year, 1, 27).strftime('%A')} 27 January {year}, 10am" in page
    assert "Plus reading at home" in page and "has happened" in page
    assert "Add to calendar" in page and "Download all 2 sessions (.ics file)" in page
    assert "https://calendar.google.com/calendar/render?" in page
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in page
    assert "https://outlook.office.com/calendar/0/deeplink/compose?" in page
    assert f"/sessions/{past.pk}/" not in page  # nothing to add for a past session


def test_a_session_downloads_as_a_calendar_file(client):
    opportunity = opportunity_create(
        title="Diabetes panel",
        format="in_person",
        place="Leeds Central Library",
        sessions=[(_next_year(1, 12, 18), _next_year(1, 12, 20))],
    )
    session = opportunity.sessions.get()
    response = client.get(f"/calendar/opportunities/{opportunity.pk}/sessions/{session.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="diabetes-panel.ics"'
    body = response.content.decode().replace("\r\n ", "")  # long lines unfolded
    year = timezone.localdate().year + 1
    assert "METHOD:PUBLISH\r\n" in body
    assert f"DTSTART:{year}0112T180000Z\r\n" in body and f"DTEND:{year}0112T200000Z" in body
    assert f"UID:opportunity-session-{session.pk}@" in body
    assert "SUMMARY:Diabetes panel\r\n" in body and "LOCATION:Leeds Central Library" in body
    assert f"URL:{opportunity.full_url}\r\n" in body
    assert body.count("BEGIN:VEVENT") == 1


def test_every_session_to_come_downloads_in_one_file(client):
    opportunity = opportunity_create(
        sessions=[session_times(10), session_times(17), session_times(-5)]
    )
    response = client.get(f"/calendar/opportunities/{opportunity.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("BEGIN:VEVENT") == 2  # not the past one
    without = opportunity_create()
    assert client.get(f"/calendar/opportunities/{without.pk}/").status_code == 404


def test_calendar_files_are_refused_to_whoever_may_not_see_the_page(client, member):
    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    private = opportunity_create(visibility="groups", groups=[group], sessions=[session_times(9)])
    session = private.sessions.get()
    urls = [
        f"/calendar/opportunities/{private.pk}/",
        f"/calendar/opportunities/{private.pk}/sessions/{session.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404  # anonymous
    client.force_login(member)
    for url in urls:
        assert client.get(url).status_code == 404  # a member not in the group
    draft = opportunity_create(publish=False, sessions=[session_times(9)])
    assert client.get(f"/calendar/opportunities/{draft.pk}/").status_code == 404
    other = opportunity_create(sessions=[session_times(9)])
    # Another opportunity's session, under this one's address: not found.
    assert (
        client.get(f"/calendar/opportunities/{other.pk}/sessions/{session.pk}/").status_code == 404
    )


def test_the_offer_of_a_place_says_when_the_sessions_are(
    staff, member, django_capture_on_commit_callbacks
):
    opportunity = opportunity_create(
        title="Diabetes panel",
        dates="Plus reading at home",
        sessions=[(_next_year(1, 12, 18), _next_year(1, 12, 20))],
    )
    application = ApplicationFactory(opportunity=opportunity, member=member)
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(application=application, status="selected", message="", by=staff)
    body = mail.outbox[-1].body
    year = timezone.localdate().year + 1
    assert f"12 January {year}, 6pm to 8pm" in body
    assert "Plus reading at home" in body
    assert "Add the dates to your calendar" in body


def test_the_digest_names_each_opportunitys_next_date(django_capture_on_commit_callbacks):
    from members.factories import MemberFactory
    from members.models import MemberProfile
    from opportunities.services.alerts import digest_send

    person = MemberFactory(email="weekly@example.org")
    MemberProfile.objects.create(user=person, updates="digest", format_online=True)
    opportunity_create(title="Dated", sessions=[session_times(-4), session_times(6)])
    opportunity_create(title="Undated")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 1
    body = mail.outbox[-1].body
    start, end = session_times(6)
    assert f"Next date: {OpportunitySession(starts_at=start, ends_at=end).when}" in body
    assert body.count("Next date:") == 1


def test_a_decision_date_before_the_closing_date_is_refused_with_how_to_fix_it(admin_login, staff):
    opportunity = opportunity_create()
    client = admin_login(staff)
    form = _edit_form(client, opportunity)
    too_early = opportunity.closing_date - datetime.timedelta(days=1)
    form.update({"decisions_by": too_early.isoformat(), "action-publish": "action-publish"})
    response = client.post(f"/admin/pages/{opportunity.pk}/edit/", form)
    assert response.status_code == 200
    assert "Applicants can only hear after the closing date" in response.content.decode()
    assert OpportunityPage.objects.get(pk=opportunity.pk).decisions_by is None
