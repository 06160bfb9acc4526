"""Our dates in full, "4 December 2026", where a date is shown without a format of its
own (`{{ value }}`, `|date` with no argument, admin lists). Django's British English
says "4 Dec 2026": three ways to write one date made people wonder whether they were
different dates (issue 14). Every other format is Django's own (home.datetimes words
the dates we write ourselves)."""

DATE_FORMAT = "j F Y"  # 4 December 2026
DATETIME_FORMAT = "j F Y, P"  # 4 December 2026, 2:30 p.m.
