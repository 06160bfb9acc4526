"""Rich text for plain-text emails: `{{ page.what_involves|rich_text_plain }}` gives the
words without tags, paragraphs apart, list items one to a line, links' addresses kept
(home.rich_text.rich_text_as_plain)."""

from django import template

from home.rich_text import rich_text_as_plain

register = template.Library()


@register.filter
def rich_text_plain(value) -> str:
    return rich_text_as_plain(str(value or ""))
