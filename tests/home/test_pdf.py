"""home.pdf: tagged PDFs from HTML, nothing fetched, and a plain answer where the
system libraries WeasyPrint needs (Pango) are missing."""

import builtins
import contextlib
import re
import socket
import urllib.request
import zlib

import pytest
from django.test import RequestFactory

from home import pdf

DOCUMENT = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>A test document</title></head><body><h1>Heading</h1>
<table><caption>Figures</caption><tr><th scope="col">Amount</th></tr><tr><td>£3.50</td></tr>
</table><img src="http://169.254.169.254/latest/meta-data/" alt="x"></body></html>"""


def pdf_text(data: bytes) -> bytes:
    """The PDF with its compressed streams opened, to look for its structure."""
    parts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"\n".join(parts)


@pytest.fixture(autouse=True)
def fresh_detection():
    pdf._weasyprint.cache_clear()
    yield
    pdf._weasyprint.cache_clear()


@pytest.fixture
def without_pango(monkeypatch):
    """As on a machine with the Python package but not Pango: importing WeasyPrint
    raises OSError (cffi cannot load libpango-1.0-0)."""
    real_import = builtins.__import__

    def failing_import(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': No such file")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(__import__("sys").modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", failing_import)


def test_a_pdf_is_tagged_with_its_language_and_title():
    data = pdf.pdf_bytes(DOCUMENT)
    assert data.startswith(b"%PDF-")
    opened = pdf_text(data)
    assert b"/StructTreeRoot" in opened and b"/MarkInfo" in opened
    assert b"/Lang" in opened and b"/Table" in opened and b"/H1" in opened


def test_a_pdf_fetches_nothing(monkeypatch):
    opened = []
    monkeypatch.setattr(
        urllib.request.OpenerDirector, "open", lambda self, url, *a, **k: opened.append(url)
    )
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: opened.append(a))
    assert pdf.pdf_bytes(DOCUMENT, base_url="http://testserver/").startswith(b"%PDF-")
    # The image's address (a cloud metadata service) was never asked for.
    assert opened == []


def test_without_pango_pdfs_are_unavailable_not_an_error(without_pango):
    assert pdf.pdf_available() is False
    with pytest.raises(RuntimeError, match="Pango"):
        pdf.pdf_bytes(DOCUMENT)


def test_without_the_package_pdfs_are_unavailable(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)  # ImportError
    assert pdf.pdf_available() is False


@pytest.mark.django_db
def test_without_pango_the_download_answers_with_a_page_that_says_so(without_pango):
    request = RequestFactory().get("/statement/2026-27/pdf/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = pdf.pdf_response(request, "unused.html", {}, "unused.pdf")
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "A PDF cannot be made at the moment" in page
    assert 'href="/statement/2026-27/"' in page
