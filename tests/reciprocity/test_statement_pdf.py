"""The statement as a PDF download: the member's own only, tagged, and a plain answer
where the server cannot make PDFs."""

import pytest

from home import pdf
from members.factories import MemberFactory
from tests.home.test_pdf import pdf_text, without_pango  # noqa: F401 (a fixture)
from tests.reciprocity.test_statements import paid_member, today  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_detection():
    pdf._weasyprint.cache_clear()
    yield
    pdf._weasyprint.cache_clear()


def test_the_statement_page_offers_its_pdf(client, paid_member):  # noqa: F811
    client.force_login(paid_member)
    page = client.get("/statement/2026-27/").content.decode()
    assert 'href="/statement/2026-27/pdf/" download>Download this statement as a PDF' in page


def test_the_member_downloads_their_statement_as_a_tagged_pdf(client, paid_member, today):  # noqa: F811
    client.force_login(paid_member)
    response = client.get("/statement/2026-27/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="statement-2026-27.pdf"'
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    assert b"/StructTreeRoot" in pdf_text(response.content)
    # The figures in it are the member's own: the same as the page's.
    assert response.context["user"] == paid_member
    assert [p.activity for p in response.context["to_come"]] == [
        "Panel on 2026-04-05",
        "Panel on 2026-04-06",
    ]


def test_nobody_else_gets_a_members_pdf(client, paid_member, researcher, staff):  # noqa: F811
    assert "/accounts/login/" in client.get("/statement/2026-27/pdf/")["Location"]
    for refused in (researcher, staff):
        client.force_login(refused)
        assert client.get("/statement/2026-27/pdf/").status_code == 403
    # Another member gets only their own statement: there is no id in the address.
    client.force_login(MemberFactory(email="someone.else@example.org"))
    response = client.get("/statement/2026-27/pdf/")
    assert response.status_code == 200
    assert response.context["paid"] == [] and response.context["to_come"] == []


def test_a_made_up_year_has_no_pdf(client, paid_member):  # noqa: F811
    client.force_login(paid_member)
    assert client.get("/statement/2026-28/pdf/").status_code == 404


def test_without_pango_the_link_says_so_and_the_download_explains(
    client,
    paid_member,  # noqa: F811
    without_pango,  # noqa: F811
):
    client.force_login(paid_member)
    page = client.get("/statement/2026-27/").content.decode()
    assert "/pdf/" not in page
    assert "A PDF download is not available on this server at the moment" in page
    response = client.get("/statement/2026-27/pdf/")
    assert response.status_code == 503
    assert "A PDF cannot be made at the moment" in response.content.decode()
