"""Exports that people open in Excel: text a spreadsheet would run as a formula is kept
as text (CSV injection). Names, titles and notes are typed by people."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
