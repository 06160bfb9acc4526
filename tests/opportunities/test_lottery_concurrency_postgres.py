"""A fair lottery under concurrent staff: the same draw applied twice at once is applied
once, and a draw recorded while someone applies either includes them or is refused.
Needs PostgreSQL (SQLite has one writer at a time)."""

import threading

import pytest
from django.db import connection

from members.factories import MemberFactory, StaffFactory
from opportunities.factories import opportunity_create
from opportunities.models import Application, Lottery
from opportunities.services.applications import application_submit
from opportunities.services.lottery import LotteryError, lottery_apply, lottery_run

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_threads(targets):
    barrier = threading.Barrier(len(targets))
    outcomes = []

    def run(target):
        try:
            barrier.wait(timeout=10)
            outcomes.append(target())
        except LotteryError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_the_same_draw_applied_twice_at_once_is_applied_once(baseline):
    opportunity = opportunity_create(places=2)
    for _ in range(6):
        application_submit(member=MemberFactory(), opportunity=opportunity, statement="Keen.")
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=StaffFactory(), seed=4)
    staff = [StaffFactory() for _ in range(3)]
    outcomes = _in_threads([lambda by=by: lottery_apply(lottery=lottery, by=by) for by in staff])
    assert sum(isinstance(o, Lottery) for o in outcomes) == 1
    assert sum(isinstance(o, LotteryError) for o in outcomes) == 2
    assert Application.objects.filter(status="selected").count() == 2
    assert Application.objects.filter(status="waitlisted").count() == 4


def test_a_draw_and_an_application_at_once_never_leave_the_applicant_out(baseline):
    opportunity = opportunity_create(places=2)
    for _ in range(8):
        application_submit(member=MemberFactory(), opportunity=opportunity, statement="Keen.")
    late = MemberFactory()
    outcomes = _in_threads(
        [
            lambda: lottery_run(opportunity=opportunity, quotas={}, by=StaffFactory(), seed=6),
            lambda: application_submit(member=late, opportunity=opportunity, statement="Me too."),
        ]
    )
    assert len(outcomes) == 2
    drawn = Lottery.objects.filter(opportunity=opportunity).first()
    if drawn is not None:
        # Recorded: the late applicant is in it, or applying it is refused.
        late_application = Application.objects.get(member=late)
        if not drawn.entries.filter(application=late_application).exists():
            with pytest.raises(LotteryError, match="changed since this draw"):
                lottery_apply(lottery=drawn, by=StaffFactory())
