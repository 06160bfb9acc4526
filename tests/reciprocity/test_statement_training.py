"""Courses completed in a tax year are on the member's statement, page and PDF."""

import datetime

import pytest

from home import pdf
from training.factories import course_create
from training.models import Completion
from training.services.completions import completion_record, completion_revoke

pytestmark = pytest.mark.django_db


def complete(member, staff, title, day):
    return completion_record(
        person=member,
        course=course_create(title=title),
        how=Completion.How.STAFF,
        by=staff,
        completed_on=day,
    )


def test_the_statement_lists_the_years_courses(client, member, staff):
    complete(member, staff, "Plain English", datetime.date(2026, 4, 6))  # 2026-27
    complete(member, staff, "Chairing meetings", datetime.date(2026, 4, 5))  # 2025-26
    revoked = complete(member, staff, "Revoked course", datetime.date(2026, 6, 1))
    completion_revoke(completion=revoked, by=staff, reason="Mistake")
    client.force_login(member)
    page = client.get("/statement/2026-27/").content.decode()
    assert "Training completed" in page
    assert "Plain English" in page and "6 April 2026" in page
    assert "Chairing meetings" not in page and "Revoked course" not in page
    earlier = client.get("/statement/2025-26/").content.decode()
    assert "Chairing meetings" in earlier


def test_the_statement_says_when_there_were_none(client, member):
    client.force_login(member)
    assert (
        "No courses completed in this tax year."
        in client.get("/statement/2026-27/").content.decode()
    )


def test_the_pdf_has_them_too(client, member, staff):
    pdf._weasyprint.cache_clear()
    complete(member, staff, "Plain English", datetime.date(2026, 4, 6))
    client.force_login(member)
    response = client.get("/statement/2026-27/pdf/")
    if not pdf.pdf_available():
        assert response.status_code == 503
        return
    assert response.status_code == 200
    assert [c.course.title for c in response.context["training"]] == ["Plain English"]
