"""An opportunity's "What it involves" is limited rich text (issue 14, item 11): bold,
italic, lists and links; the editor is named by its label; plain text from before
becomes paragraphs; plain-text places read it without tags."""

import importlib
import re

import pytest
from django.apps import apps

from home.rich_text import LIMITED_FEATURES, rich_text_as_plain, rich_text_from_plain
from opportunities.factories import opportunity_create
from opportunities.models import OpportunityPage

pytestmark = pytest.mark.django_db

migration = importlib.import_module("opportunities.migrations.0011_what_involves_rich_text")


def test_the_field_offers_only_the_limited_features():
    field = OpportunityPage._meta.get_field("what_involves")
    assert field.features == LIMITED_FEATURES == ["bold", "italic", "ol", "ul", "link"]


def test_the_page_shows_lists_and_links(client):
    page = opportunity_create(
        what_involves=(
            "<p>You will:</p><ul><li>read a <b>short</b> leaflet</li><li>join a call</li></ul>"
            '<p>More on <a href="https://example.org/leaflet">the leaflet</a>.</p>'
        )
    )
    shown = client.get(page.url).content.decode()
    assert "<li>read a <b>short</b> leaflet</li>" in shown
    assert '<a href="https://example.org/leaflet">the leaflet</a>' in shown


def test_the_editor_is_named_by_its_label(admin_login, staff):
    page = opportunity_create()
    html = admin_login(staff).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert re.search(r'<label[^>]*for="id_what_involves"[^>]*id="id_what_involves-label"', html)
    # Draftail's options, which it passes to the typing area as aria-labelledby.
    assert "&quot;ariaLabelledBy&quot;: &quot;id_what_involves-label&quot;" in html


def test_plain_text_from_before_becomes_escaped_paragraphs():
    page = opportunity_create()
    plain = "Read a leaflet <at home>.\nTake your time.\n\nThen call us & tell us."
    OpportunityPage.objects.filter(pk=page.pk).update(what_involves=plain)
    revision = page.save_revision()
    revision.content["what_involves"] = plain
    revision.save(update_fields=["content"])

    migration.to_rich_text(apps, None)

    expected = (
        "<p>Read a leaflet &lt;at home&gt;.<br/>Take your time.</p>"
        "<p>Then call us &amp; tell us.</p>"
    )
    assert OpportunityPage.objects.get(pk=page.pk).what_involves == expected
    revision.refresh_from_db()
    assert revision.content["what_involves"] == expected
    # And back again.
    migration.to_plain_text(apps, None)
    assert OpportunityPage.objects.get(pk=page.pk).what_involves == plain


def test_plain_text_places_read_it_without_tags():
    html = (
        "<p>You will <b>read</b> &amp; comment:</p><ol><li>a leaflet</li><li>a poster</li></ol>"
        '<p>See <a href="https://example.org/x">the study</a>.</p>'
    )
    assert rich_text_as_plain(html) == (
        "You will read & comment:\n\n1. a leaflet\n2. a poster\n\n"
        "See the study (https://example.org/x)."
    )
    assert rich_text_as_plain(rich_text_from_plain("a <b>\n\nb")) == "a <b>\n\nb"


def test_the_application_email_reads_it_as_plain_text(member, django_capture_on_commit_callbacks):
    from django.core import mail

    from opportunities.services.applications import application_submit

    page = opportunity_create(
        what_involves="<p>You will:</p><ul><li>read a <b>short</b> leaflet</li></ul>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(member=member, opportunity=page, statement="Keen")
    body = mail.outbox[-1].body
    assert "You will:\n\n- read a short leaflet" in body
    assert "<" not in body
