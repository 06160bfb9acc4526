"""Template filters for home.datetimes, so pages and emails word dates the same way.

    {% load roundtable_dates %}
    {{ session.starts_at|plain_range:session.ends_at }}  Tuesday 12 January 2027, 6pm to 8pm
    {{ meeting.papers_due|plain_datetime }}              Friday 8 January 2027, midday
    {{ booking.created_at|plain_date }}                  Tuesday 12 January 2027
    {{ booking.created_at|plain_date:"short" }}          12 January 2027
    {{ session.starts_at|plain_time }}                   6:30pm
    {{ event.at|plain_datetime:"short" }}                12 January 2027, 6:30pm
    {{ payment.tax_year|plain_tax_year }}                2026 to 2027

Loaded in every template (TEMPLATES' "builtins"), so a date is one filter away anywhere.

An empty value (None, "") gives "", as Django's own `date` filter does, so an optional
date can be printed without an `{% if %}`. A naive date-time is refused as in
home.datetimes: that is a bug to see, not a time to guess.
"""

from django import template

from home import datetimes

register = template.Library()


@register.filter
def plain_date(value, style: str = "") -> str:
    """The date with its weekday; `plain_date:"short"` leaves the weekday out."""
    if value in (None, ""):
        return ""
    return datetimes.format_date(value, weekday=style != "short")


@register.filter
def plain_time(value) -> str:
    if value in (None, ""):
        return ""
    return datetimes.format_time(value)


@register.filter
def plain_datetime(value, style: str = "") -> str:
    """The date-time with its weekday; `plain_datetime:"short"` leaves the weekday out."""
    if value in (None, ""):
        return ""
    return datetimes.format_datetime(value, weekday=style != "short")


@register.filter
def plain_tax_year(value) -> str:
    if value in (None, ""):
        return ""
    return datetimes.format_tax_year(value)


@register.filter
def plain_range(start, end) -> str:
    """`start|plain_range:end`; without an end, the start alone."""
    if start in (None, ""):
        return ""
    if end in (None, ""):
        return datetimes.format_datetime(start)
    return datetimes.format_range(start, end)
