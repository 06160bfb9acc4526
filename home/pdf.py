"""PDF copies of pages, made with WeasyPrint: the member's statement now, training
certificates next. The HTML page stays the accessible main version; the PDF is a copy
to keep or hand to an adviser, tagged (PDF/UA-1) so a screen reader can follow it.

    from home.pdf import pdf_available, pdf_response

    context["pdf_available"] = pdf_available()        # the link says so when it is not
    return pdf_response(request, "app/thing_pdf.html", context, "thing-2026-27.pdf")

WeasyPrint is a Python package (in pyproject.toml) but draws text with the system's
Pango library (Debian: libpango-1.0-0 and libpangoft2-1.0-0). Where Pango is missing,
importing WeasyPrint fails with OSError; then `pdf_available()` is False, pages offer
printing instead, and `pdf_response` answers with a page that says so (status 503),
never a server error.

The template is a whole HTML document of its own (`<html lang>`, `<title>`, styles in
a `<style>` element): WeasyPrint fetches nothing, neither from this site nor from
anywhere else, so nothing a page contains can make the server ask for a URL.
"""

import functools
import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

UNAVAILABLE_TEMPLATE = "pdf_unavailable.html"


@functools.cache
def _weasyprint():
    """The weasyprint module, or None where it or its system libraries are missing.
    Imported on first use (it takes a moment, and most requests never need it) and
    once: a missing library does not appear while the process runs."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        # OSError: the Python package is there but Pango is not (cffi cannot load it).
        logger.warning("PDF downloads are off: WeasyPrint cannot load (%s)", error)
        return None
    return weasyprint


def pdf_available() -> bool:
    """Whether this server can make PDFs: for the page to offer the download, or to
    say that it cannot."""
    return _weasyprint() is not None


@functools.cache
def _fetcher_refusing_all(weasyprint):
    """A URL fetcher that fetches nothing: an image or stylesheet in the page (even a
    member's own text, if it ever held one) cannot make the server ask for a URL."""

    class RefuseAll(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"PDFs fetch nothing: {url}")

    return RefuseAll(allowed_protocols=())


def pdf_bytes(html: str, *, base_url: str = "") -> bytes:
    """A tagged PDF of a whole HTML document. Raises RuntimeError if PDFs cannot be made
    here (see `pdf_available`)."""
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise RuntimeError("WeasyPrint or its system libraries (Pango) are not installed")
    document = weasyprint.HTML(
        string=html, base_url=base_url or None, url_fetcher=_fetcher_refusing_all(weasyprint)
    )
    # pdf/ua-1 with tags: headings, lists and tables marked up for screen readers, the
    # document's language and title set from <html lang> and <title>.
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    """`template` rendered with `context` as a PDF download named `filename`; where PDFs
    cannot be made, a page saying so (503) that offers the way back."""
    if not pdf_available():
        return render(
            request,
            UNAVAILABLE_TEMPLATE,
            # By convention a PDF's address is its page's address + "pdf/".
            {
                "back_url": request.path.removesuffix("pdf/")
                if request.path.endswith("/pdf/")
                else "/"
            },
            status=503,
        )
    html = render_to_string(template, context, request=request)
    response = HttpResponse(
        pdf_bytes(html, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal figures: never kept by a shared cache or the browser's.
    response["Cache-Control"] = "private, no-store"
    return response
