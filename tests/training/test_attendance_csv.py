"""A session's register as a CSV (the booked, then the waiting list): names, emails,
status and attendance only (no access needs), safe to open in a spreadsheet, and each
download logged."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.factories import MemberFactory
from tests.training.helpers import staff_without_permissions
from training.factories import course_create, course_session_create
from training.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return course_session_create(course=course_create(title="Plain English"), days=-1)


def test_the_csv_lists_the_register_without_access_needs(admin_login, staff, session, book):
    book(
        session,
        MemberFactory(name='=HYPERLINK("http://evil")', email="a@example.org"),
        access_needs="Uses a wheelchair",
        attendance=Booking.Attendance.ATTENDED,
    )
    book(session, MemberFactory(name="Siân Evans", email="sian@example.org"))
    book(
        session,
        MemberFactory(name="Ade Bello", email="ade@example.org"),
        status=Booking.Status.WAITING,
        queue_number=1,
    )
    book(session, MemberFactory(name="Gone Away"), status=Booking.Status.CANCELLED)
    response = admin_login(staff).get(reverse("training_register_csv", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Name", "Email", "Status", "Attendance"]
    body = sorted(rows[1:])
    assert rows[-1] == ["Ade Bello", "ade@example.org", "On the waiting list", "Not recorded"]
    assert "Gone Away" not in text
    assert ["Siân Evans", "sian@example.org", "Booked", "Not recorded"] in body
    # A name a spreadsheet would run as a formula is kept as text.
    assert ['\'=HYPERLINK("http://evil")', "a@example.org", "Booked", "Attended"] in body
    assert "wheelchair" not in text
    assert ModelLogEntry.objects.filter(
        action="roundtable.training_register_downloaded", object_id=str(session.pk), user=staff
    ).exists()


def test_people_without_the_permission_cannot_download(client, session):
    client.force_login(MemberFactory())
    response = client.get(reverse("training_register_csv", args=[session.pk]))
    assert response.status_code == 403
    assert not ModelLogEntry.objects.filter(action="roundtable.training_register_downloaded")


def test_staff_without_the_permission_cannot_download(admin_login, session):
    client = admin_login(staff_without_permissions())
    url = reverse("training_register_csv", args=[session.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not ModelLogEntry.objects.filter(action="roundtable.training_register_downloaded")
