"""One pagination include for the staff screens (templates/includes/admin_pagination.html);
the public pages keep the NHS.UK-style one (templates/includes/pagination.html)."""

from pathlib import Path

from django.core.paginator import Paginator
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parents[2]
INCLUDE = "includes/admin_pagination.html"


def page(number: int, count: int = 120, per_page: int = 50):
    return Paginator(range(count), per_page).get_page(number)


def test_a_middle_page_links_both_ways_with_the_p_parameter():
    html = render_to_string(INCLUDE, {"page": page(2)})
    assert '<a href="?p=1">Previous page</a>' in html
    assert '<a href="?p=3">Next page</a>' in html
    assert "Page 2 of 3" in html
    assert html.startswith('<nav aria-label="Pages"><p>')


def test_the_first_and_last_pages_link_one_way():
    first = render_to_string(INCLUDE, {"page": page(1)})
    last = render_to_string(INCLUDE, {"page": page(3)})
    assert "Previous page" not in first and '<a href="?p=2">Next page</a>' in first
    assert "Next page" not in last and '<a href="?p=2">Previous page</a>' in last


def test_filters_are_kept_and_the_parameter_may_be_named():
    html = render_to_string(INCLUDE, {"page": page(2), "extra": "status=waiting"})
    assert '<a href="?status=waiting&amp;p=3">Next page</a>' in html
    html = render_to_string(INCLUDE, {"page": page(2), "param": "renewals"})
    assert '<a href="?renewals=1">Previous page</a>' in html


def test_one_page_shows_nothing():
    assert render_to_string(INCLUDE, {"page": page(1, count=10)}).strip() == ""


def test_the_staff_screens_use_this_include_only():
    others = (
        "includes_page_links.html",
        "wagtailadmin/shared/pagination_nav.html",
        "includes/pagination.html",
    )
    for template in ROOT.glob("*/templates/*/admin/**/*.html"):
        text = template.read_text()
        assert not any(other in text for other in others), template
