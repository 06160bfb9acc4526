"""The form template: errors that screen readers and keyboards can follow."""

import re

import pytest


@pytest.fixture
def error_page(client, db):
    return client.post(
        "/accounts/signup/",
        {"name": "", "email": "not-an-email", "password1": "x", "password2": "y"},
    ).content.decode()


def test_the_error_summary_links_to_each_field(error_page):
    summary = re.search(r'<div class="nhsuk-error-summary".*?</div>\s*</div>', error_page, re.S)
    assert summary is not None
    links = re.findall(r'href="#([^"]+)"', summary.group(0))
    assert "id_name" in links and "id_email" in links
    for target in links:
        assert f'id="{target}"' in error_page


def test_each_field_error_is_tied_to_its_input(error_page):
    name_input = re.search(r"<input[^>]*id=\"id_name\"[^>]*>", error_page).group(0)
    assert 'aria-describedby="id_name_helptext id_name-error"' in name_input
    assert 'id="id_name-error"' in error_page
    assert 'id="id_name_helptext"' in error_page
    assert '<span class="nhsuk-u-visually-hidden">Error:</span> Enter your full name' in error_page


def test_radios_are_a_fieldset_with_a_legend(error_page):
    assert (
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">How are you joining?'
        in error_page
    )
    assert "nhsuk-radios__input" in error_page
    assert '<label class="nhsuk-label nhsuk-radios__label"  for="id_account_type_0">' in error_page


def test_optional_fields_say_so_and_there_are_no_placeholders(error_page):
    # Needed for researchers only, so it says when rather than "(optional)" (issue 14).
    assert "Research organisation (needed if you are a researcher)" in error_page
    assert "Research organisation (optional)" not in error_page
    assert "placeholder=" not in error_page


def test_checkbox_labels_point_at_their_box(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'for=""' not in html
    assert '<label class="nhsuk-label nhsuk-checkboxes__label" for="id_remember">' in html
