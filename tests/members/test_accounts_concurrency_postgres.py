"""Two accounts for the same address, in different letter case, at the same moment.

This tests the database's unique index on lower(email), the last line of defence
behind allauth's own check: a check in Python before the insert would let both
through. Needs PostgreSQL (SQLite has one writer at a time, so no race to lose).
"""

import threading

import pytest
from django.db import IntegrityError, connection

from members.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_account_creation_for_one_address_makes_one_account():
    barrier = threading.Barrier(2)
    outcomes = []

    def create(email):
        try:
            barrier.wait(timeout=10)
            User.objects.create_user(email=email, password="x" * 12)
            outcomes.append("created")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=create, args=(email,))
        for email in ("sam.jones@example.org", "Sam.Jones@example.org")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["created", "refused"]
    assert User.objects.filter(email__iexact="sam.jones@example.org").count() == 1
