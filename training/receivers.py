"""Receivers: what training adds to the pages of the apps below it (filled in by the
issue 15 work)."""
