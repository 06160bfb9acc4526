"""Certificates: the person's own page and PDF; the public check by code, which answers
the same refusal (404) for an unknown code and a certificate its holder has not let
people check; revoked ones say so."""

import pytest

from home import pdf
from members.factories import MemberFactory
from tests.training.completion_helpers import completed
from training.factories import course_create
from training.selectors.certificates import certificate_code_normalise
from training.services.certificates import certificate_verifiable_set
from training.services.completions import completion_revoke

pytestmark = pytest.mark.django_db

REFUSAL = "We cannot confirm a certificate with this code"


@pytest.fixture(autouse=True)
def fresh_detection():
    pdf._weasyprint.cache_clear()
    yield
    pdf._weasyprint.cache_clear()


def test_the_person_sees_their_certificate(client):
    completion = completed(title="Working together")
    client.force_login(completion.person)
    response = client.get(f"/training/certificates/{completion.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Amara Okafor" in page and "Working together" in page
    assert completion.certificate_code in page
    assert completion.course.skills.first().name in page
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_nobody_else_sees_it(client, staff):
    completion = completed()
    for other in (MemberFactory(), staff):
        client.force_login(other)
        assert client.get(f"/training/certificates/{completion.pk}/").status_code == 404
        assert client.get(f"/training/certificates/{completion.pk}/pdf/").status_code == 404
        response = client.post(
            f"/training/certificates/{completion.pk}/checking/", {"verifiable": "yes"}
        )
        assert response.status_code == 404
    completion.refresh_from_db()
    assert completion.verifiable is False


def test_the_pdf_is_the_persons_certificate(client):
    completion = completed()
    client.force_login(completion.person)
    response = client.get(f"/training/certificates/{completion.pk}/pdf/")
    if not pdf.pdf_available():
        assert response.status_code == 503
        return
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert response.context["person_name"] == "Amara Okafor"
    assert response.context["check_start_url"].endswith("/certificates/")


def test_the_person_lets_people_check_it_and_stops(client):
    completion = completed()
    code = completion.certificate_code
    assert client.get(f"/certificates/{code}/").status_code == 404
    client.force_login(completion.person)
    response = client.post(
        f"/training/certificates/{completion.pk}/checking/", {"verifiable": "yes"}
    )
    assert response.status_code == 302
    client.logout()
    response = client.get(f"/certificates/{code}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine" in page and "Amara Okafor" in page
    assert completion.course.title in page
    assert "no-store" in response["Cache-Control"]
    client.force_login(completion.person)
    client.post(f"/training/certificates/{completion.pk}/checking/", {"verifiable": "no"})
    client.logout()
    response = client.get(f"/certificates/{code}/")
    assert response.status_code == 404 and REFUSAL in response.content.decode()


def test_an_unknown_code_and_a_private_one_get_the_same_answer(client):
    private = completed()
    unknown = client.get("/certificates/AAAA-BBBB-CC/")
    hidden = client.get(f"/certificates/{private.certificate_code}/")
    assert unknown.status_code == hidden.status_code == 404
    assert unknown.content == hidden.content
    assert REFUSAL in hidden.content.decode() and "Amara" not in hidden.content.decode()


def test_a_revoked_certificate_says_so(client, staff):
    completion = completed()
    certificate_verifiable_set(completion=completion, person=completion.person, verifiable=True)
    completion_revoke(completion=completion, by=staff, reason="Recorded by mistake")
    page = client.get(f"/certificates/{completion.certificate_code}/").content.decode()
    assert "This certificate was revoked on" in page
    assert "Recorded by mistake" not in page  # the reason is the person's


def test_a_revoked_certificate_not_checkable_is_refused_like_any_other(client, staff):
    completion = completed()
    completion_revoke(completion=completion, by=staff, reason="Wrong person")
    response = client.get(f"/certificates/{completion.certificate_code}/")
    assert response.status_code == 404


def test_codes_are_read_in_any_case_with_or_without_dashes(client):
    completion = completed()
    certificate_verifiable_set(completion=completion, person=completion.person, verifiable=True)
    code = completion.certificate_code
    for typed in (code.lower(), code.replace("-", ""), f" {code[:4]} {code[5:9]} {code[10:]} "):
        assert certificate_code_normalise(typed) == code
    assert client.get(f"/certificates/{code.lower().replace('-', '')}/").status_code == 200
    assert certificate_code_normalise("K7QM-2XWP-H0") is None  # no zero in codes
    assert certificate_code_normalise("short") is None


def test_the_form_takes_a_typed_code_to_its_page(client):
    page = client.get("/certificates/").content.decode()
    assert "Check a certificate" in page
    response = client.get("/certificates/", {"code": "k7qm 2xwp hd"})
    assert response.status_code == 302 and response["Location"] == "/certificates/K7QM-2XWP-HD/"
    response = client.get("/certificates/", {"code": "nonsense"})
    assert response.status_code == 200
    assert "Error:" in response.content.decode()


def test_checking_is_rate_limited(client):
    for _ in range(20):
        assert client.get("/certificates/AAAA-BBBB-CC/").status_code == 404
    assert client.get("/certificates/AAAA-BBBB-CC/").status_code == 429


def test_a_certificate_says_what_the_course_was_when_it_was_completed(client):
    from members.models import Skill
    from training.services.completions import completion_record

    listening, _created = Skill.objects.get_or_create(name="Listening")
    course = course_create(title="Welcome to the group", skills=[listening])
    person = MemberFactory(name="Ama Boateng")
    completion = completion_record(person=person, course=course, how="staff", by=None)
    course.title = "Welcome to the group (2027 edition)"
    course.save_revision().publish()
    course.skills.clear()
    client.force_login(person)
    response = client.get(f"/training/certificates/{completion.pk}/")
    assert "Welcome to the group (2027 edition)" not in response.text
    assert "Listening" in response.text
