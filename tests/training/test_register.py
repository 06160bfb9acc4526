"""A session's register: marking many at once, who may, and what attendance becomes
(involvement for members on a paid course, paid by the payment pipeline)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from involvement.models import Activity, Involvement
from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from reciprocity.factories import rate_card_example
from reciprocity.models import Payment
from reciprocity.services.payments import payments_generate
from tests.training.helpers import staff_without_permissions
from training.factories import course_create, course_session_create
from training.models import Booking
from training.services import TrainingError
from training.services.attendance import attendance_record

pytestmark = pytest.mark.django_db

ATTENDED, ABSENT = Booking.Attendance.ATTENDED, Booking.Attendance.ABSENT


@pytest.fixture
def paid_course():
    return course_create(title="Reviewing research", is_paid=True)


@pytest.fixture
def held(paid_course):
    """A two-hour session held yesterday."""
    return course_session_create(course=paid_course, days=-1, hours=2)


def register_url(session):
    return reverse("training_register", args=[session.pk])


def test_staff_mark_many_at_once(admin_login, staff, held, book):
    bookings = [book(held, MemberFactory()) for _ in range(3)]
    client = admin_login(staff)
    data = {
        f"attendance-{bookings[0].pk}": ATTENDED,
        f"attendance-{bookings[1].pk}": ABSENT,
        f"attendance-{bookings[2].pk}": ATTENDED,
    }
    response = client.post(register_url(held), data)
    assert response.status_code == 302
    assert [b.attendance for b in Booking.objects.order_by("pk")] == [ATTENDED, ABSENT, ATTENDED]
    assert {b.attendance_recorded_by for b in Booking.objects.all()} == {staff}


def test_the_register_shows_access_needs_to_staff_and_logs_the_look(admin_login, staff, held, book):
    person = MemberFactory(name="Zoë Ndlovu")
    book(held, person, access_needs="Wheelchair user")
    response = admin_login(staff).get(register_url(held))
    assert response.status_code == 200
    assert "Wheelchair user" in response.text and "Zoë Ndlovu" in response.text
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(
        action="roundtable.access_needs_viewed", object_id=str(person.pk), user=staff
    ).exists()


def test_people_without_email_show_how_to_reach_them(admin_login, staff, held, book):
    from members.models import MemberProfile

    person = MemberFactory(email=None, verified=False, name="Joan Price")
    MemberProfile.objects.update_or_create(user=person, defaults={"phone": "0113 496 0000"})
    book(held, person)
    response = admin_login(staff).get(register_url(held))
    assert "0113 496 0000" in response.text


@pytest.mark.parametrize("size", [3, 200])
def test_the_register_costs_the_same_queries_at_any_size(size, admin_login, staff, held, book):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(size):
        book(held, MemberFactory(), access_needs=f"Needs {n}")
    client = admin_login(staff)
    client.get(register_url(held))  # warm caches (site, settings, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(register_url(held))
    assert response.status_code == 200
    assert response.text.count('value="attended"') == size
    sql = [query["sql"] for query in captured.captured_queries]
    # The looks at access needs are logged in one statement; SQLite alone splits a
    # bulk insert into batches of its parameter limit (999), PostgreSQL does not.
    logged = [q for q in sql if q.startswith('INSERT INTO "wagtailcore_modellogentry"')]
    assert logged
    assert len(sql) - len(logged) + 1 == QUERIES_FOR_A_REGISTER


QUERIES_FOR_A_REGISTER = 15


def test_saving_200_marks_costs_a_fixed_number_of_queries(
    staff, held, book, django_assert_max_num_queries
):
    bookings = [book(held, MemberFactory()) for _ in range(200)]
    # The course has two required parts, so nobody completes it here (completions are
    # recorded one person at a time: see completions_from_attendance).
    course_session_create(course=held.course, days=5, part=2)
    with django_assert_max_num_queries(40):
        attendance_record(session=held, marks={b.pk: ATTENDED for b in bookings}, by=staff)
    assert Involvement.objects.count() == 200


def test_staff_never_mark_themselves(staff, held, book):
    staff.groups.add(*MemberFactory().groups.all())  # also a member
    own = book(held, staff)
    with pytest.raises(TrainingError, match="own record"):
        attendance_record(session=held, marks={own.pk: ATTENDED}, by=staff)
    own.refresh_from_db()
    assert own.attendance == ""


def test_the_register_has_no_radios_for_your_own_booking(admin_login, staff, held, book):
    own = book(held, staff)
    response = admin_login(staff).get(register_url(held))
    assert f'name="attendance-{own.pk}"' not in response.text
    assert "a colleague marks this" in response.text


@pytest.mark.parametrize("factory", [MemberFactory, ResearcherFactory])
def test_members_and_researchers_cannot_open_the_register(client, factory, held):
    booking = Booking.objects.create(session=held, person=MemberFactory(), status="booked")
    client.force_login(factory())
    assert client.get(register_url(held)).status_code == 403
    response = client.post(register_url(held), {f"attendance-{booking.pk}": ATTENDED})
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_staff_without_the_permission_are_refused(admin_login, held, book):
    booking = book(held, MemberFactory())
    client = admin_login(staff_without_permissions())
    assert client.get(register_url(held)).status_code == 403
    assert client.get(reverse("training_register_csv", args=[held.pk])).status_code == 403
    response = client.post(register_url(held), {f"attendance-{booking.pk}": ATTENDED})
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_a_paid_course_makes_involvement_for_members_only(staff, held, book):
    member = book(held, MemberFactory())
    researcher = book(held, ResearcherFactory())
    other_staff = book(held, StaffFactory())
    attendance_record(
        session=held,
        marks={member.pk: ATTENDED, researcher.pk: ATTENDED, other_staff.pk: ATTENDED},
        by=staff,
    )
    (involvement,) = Involvement.objects.all()
    assert involvement.member_id == member.person_id
    assert involvement.hours == Decimal("2.00") and involvement.attended
    held.refresh_from_db()
    activity = held.activity
    assert activity.kind == Activity.Kind.TRAINING_SESSION
    assert activity.is_paid and activity.starts_on == involvement.started_on
    assert activity.title.startswith("Reviewing research (")


def test_the_pipeline_pays_attendance_at_the_rate_card(staff, held, book):
    rate_card_example()
    member = book(held, MemberFactory())
    attendance_record(session=held, marks={member.pk: ATTENDED}, by=staff)
    result = payments_generate(involvements=list(Involvement.objects.all()), by=staff)
    payment = Payment.objects.get(member=member.person)
    assert payment.amount > 0
    assert result is not None


def test_a_correction_corrects_the_involvement(staff, held, book):
    member = book(held, MemberFactory())
    attendance_record(session=held, marks={member.pk: ATTENDED}, by=staff)
    attendance_record(session=held, marks={member.pk: ABSENT}, by=staff)
    involvement = Involvement.objects.get()
    assert not involvement.attended and involvement.hours == 0


def test_an_unpaid_course_makes_no_involvement(staff, book):
    session = course_session_create(course=course_create(is_paid=False), days=-1)
    member = book(session, MemberFactory())
    attendance_record(session=session, marks={member.pk: ATTENDED}, by=staff)
    assert Involvement.objects.count() == 0
    session.refresh_from_db()
    assert session.activity is None


def test_the_register_cannot_be_saved_before_the_session(staff, paid_course, book):
    future = course_session_create(course=paid_course, days=3)
    member = book(future, MemberFactory())
    with pytest.raises(TrainingError, match="once the session has started"):
        attendance_record(session=future, marks={member.pk: ATTENDED}, by=staff)


def test_someone_no_longer_booked_cannot_be_marked(staff, held, book):
    gone = book(held, MemberFactory(), status=Booking.Status.CANCELLED)
    with pytest.raises(TrainingError, match="no longer has a place"):
        attendance_record(session=held, marks={gone.pk: ATTENDED}, by=staff)


def test_a_register_saved_too_early_comes_back_with_the_reason(
    admin_login, staff, paid_course, book
):
    future = course_session_create(course=paid_course, days=3)
    member = book(future, MemberFactory())
    response = admin_login(staff).post(register_url(future), {f"attendance-{member.pk}": ATTENDED})
    assert response.status_code == 200
    assert "<title>Error:" in response.text.replace("\n", "")
    assert "once the session has started" in response.text
    member.refresh_from_db()
    assert member.attendance == ""
