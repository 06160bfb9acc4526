"""Tax years as people say them: {{ payment.tax_year|tax_year_words }} gives
"2026 to 2027" for the stored "2026-27"."""

from django import template

from reciprocity.money import tax_year_words as words

register = template.Library()


@register.filter
def tax_year_words(label: str) -> str:
    return words(label) if label else ""
