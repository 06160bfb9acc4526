"""The check page's "Send" pressed twice (a double click, a second tab) sends one claim:
the draft is taken under a row lock, so the second send finds it gone (security review
of issue 14, item 1)."""

from unittest import mock

import pytest

from reciprocity.models import ExpenseClaim
from tests.reciprocity.expense_journey import cost_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def test_a_second_send_of_the_same_draft_sends_no_second_claim(started):
    from reciprocity.views import expense_check
    from reciprocity.views.expense_journey import _journey

    cost_add(started, "mileage", index=0, miles="12")
    # The second request read the draft before the first one sent it (on PostgreSQL two
    # requests at once both get this far): it goes on with what it read.
    seen = []

    def journey_as_first_read(request):
        if not seen:
            seen.append(_journey(request))
        return seen[0]

    with mock.patch.object(expense_check, "_journey", journey_as_first_read):
        first = started.post("/expenses/new/check/")
        second = started.post("/expenses/new/check/")
    assert first.status_code == 302, first.content.decode()[:300]
    assert first["Location"].startswith("/expenses/"), first["Location"]
    assert ExpenseClaim.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == "/expenses/"
