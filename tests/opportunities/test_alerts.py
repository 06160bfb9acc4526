"""Emails about new opportunities: each one, a weekly digest, or paused."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import MemberProfile, Topic
from members.services.memberships import membership_join
from opportunities.factories import opportunity_create
from opportunities.services.alerts import digest_send
from opportunities.tasks import weekly_digest

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def member_wanting(updates, *, email, topics=(), online=True, paused_until=None):
    person = MemberFactory(email=email)
    profile = MemberProfile.objects.create(
        user=person, updates=updates, format_online=online, updates_paused_until=paused_until
    )
    profile.topics.set(topics)
    return person


@pytest.fixture
def carer():
    return Topic.objects.get(name="Carer")


def test_the_digest_sends_fitting_new_opportunities_once_a_week(
    carer, django_capture_on_commit_callbacks
):
    cancer = Topic.objects.get(name="Cancer")  # the plain name of "Cancer and neoplasms"
    member_wanting("digest", email="carer@example.org", topics=[carer])
    member_wanting("digest", email="cancer@example.org", topics=[cancer])
    member_wanting("each", email="each@example.org", topics=[carer])
    member_wanting(
        "paused", email="paused@example.org", paused_until=TODAY + datetime.timedelta(days=9)
    )
    member_wanting(
        "paused", email="back@example.org", paused_until=TODAY - datetime.timedelta(days=1)
    )
    opportunity_create(title="For carers", topics=[carer])
    opportunity_create(title="In person only", topics=[carer], format="in_person", place="Leeds")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 2
        assert weekly_digest() == 0  # run again this week: nothing more is sent
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"carer@example.org", "back@example.org"}
    assert "For carers" in by_address["carer@example.org"].body
    assert "In person only" not in by_address["carer@example.org"].body
    assert by_address["carer@example.org"].subject == "1 new opportunity to take part"


def test_old_and_closed_opportunities_are_not_in_the_digest(carer):
    member_wanting("digest", email="carer@example.org", topics=[carer])
    old = opportunity_create(title="Old news", topics=[carer])
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=8)
    )
    mail.outbox.clear()
    assert digest_send() == 0


def test_group_only_opportunities_go_only_to_the_groups_members(
    carer, django_capture_on_commit_callbacks
):
    diabetes = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    inside = member_wanting("digest", email="inside@example.org")
    member_wanting("digest", email="outside@example.org")
    membership_join(member=inside, group=diabetes, accepted_version=diabetes.current_ground_rules())
    opportunity_create(title="Group only", visibility="groups", groups=[diabetes])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
    assert [m.to for m in mail.outbox] == [["inside@example.org"]]


def test_members_who_want_each_one_hear_when_it_is_published(
    carer, django_capture_on_commit_callbacks
):
    member_wanting("each", email="each@example.org", topics=[carer])
    member_wanting("digest", email="weekly@example.org", topics=[carer])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = opportunity_create(title="Carers' café", topics=[carer])
    assert [m.to for m in mail.outbox] == [["each@example.org"]]
    assert mail.outbox[0].subject == "New opportunity: Carers' café"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # published again: not announced again
    assert len(mail.outbox) == 1


def test_an_opportunity_is_announced_once_even_long_after(
    carer, django_capture_on_commit_callbacks
):
    from home.models import OutboxEmail

    member_wanting("each", email="each@example.org", topics=[carer])
    with django_capture_on_commit_callbacks(execute=True):
        page = opportunity_create(title="Announced once", topics=[carer])
    OutboxEmail.objects.all().delete()  # the outbox forgot it (retention period)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert mail.outbox == []


def test_opportunities_the_broker_missed_are_announced_by_the_safety_net(
    carer, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from opportunities.models import OpportunityPage
    from opportunities.services.alerts import announce_pending
    from opportunities.tasks import announce_new_opportunity

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    member_wanting("each", email="each@example.org", topics=[carer])
    monkeypatch.setattr(announce_new_opportunity, "delay", broker_down)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = opportunity_create(title="Missed", topics=[carer])  # no 500 for staff
    assert mail.outbox == []
    OpportunityPage.objects.filter(pk=page.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_pending() == 1
        assert announce_pending() == 0
    assert [m.to for m in mail.outbox] == [["each@example.org"]]


def test_a_condition_matches_its_category_and_the_category_its_conditions(
    django_capture_on_commit_callbacks,
):
    diabetes = Topic.objects.get(name="Diabetes")
    hormones = Topic.objects.get(name="Diabetes, thyroid and hormones")
    member_wanting("digest", email="diabetes@example.org", topics=[diabetes])
    member_wanting("digest", email="hormones@example.org", topics=[hormones])
    member_wanting("digest", email="asthma@example.org", topics=[Topic.objects.get(name="Asthma")])
    opportunity_create(title="Living with type 2", topics=[diabetes])
    opportunity_create(title="Thyroid and hormone research", topics=[hormones])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 2
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_address) == {"diabetes@example.org", "hormones@example.org"}
    for body in by_address.values():
        assert "Living with type 2" in body and "Thyroid and hormone research" in body


# --- Chosen by the scoring core (issue 16) ------------------------------------------------


def test_the_digest_lists_suited_opportunities_best_first(django_capture_on_commit_callbacks):
    diabetes = Topic.objects.get(name="Diabetes")
    hormones = Topic.objects.get(name="Diabetes, thyroid and hormones")
    member_wanting("digest", email="diabetes@example.org", topics=[diabetes])
    # Closing first, so the old closing-date order would have put it first: but it is
    # about the broader category (close, 3), not their own topic (4).
    opportunity_create(
        title="Thyroid and hormone research",
        topics=[hormones],
        closing_date=TODAY + datetime.timedelta(days=5),
    )
    opportunity_create(
        title="Living with type 2",
        topics=[diabetes],
        closing_date=TODAY + datetime.timedelta(days=20),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 1
    body = mail.outbox[0].body
    assert body.index("Living with type 2") < body.index("Thyroid and hormone research")
    assert mail.outbox[0].subject == "2 new opportunities to take part"


def test_the_digest_leaves_out_what_they_said_is_not_for_them_and_what_they_applied_for(
    carer, django_capture_on_commit_callbacks
):
    from opportunities.models import Application, NotForMe

    person = member_wanting("digest", email="carer@example.org", topics=[carer])
    other = member_wanting("digest", email="other@example.org", topics=[carer])
    not_for_me = opportunity_create(title="Not for me, thanks", topics=[carer])
    applied = opportunity_create(title="Already applied", topics=[carer])
    opportunity_create(title="Still to hear of", topics=[carer])
    NotForMe.objects.create(member=person, opportunity=not_for_me)
    Application.objects.create(member=person, opportunity=applied, statement="I would like to.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send() == 2
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "Still to hear of" in by_address["carer@example.org"]
    assert "Not for me, thanks" not in by_address["carer@example.org"]
    assert "Already applied" not in by_address["carer@example.org"]
    # Someone else's choices change nothing for them.
    for title in ("Not for me, thanks", "Already applied", "Still to hear of"):
        assert title in by_address[other.email]


def test_the_digest_lists_the_best_ten_and_says_how_many_more(
    carer, django_capture_on_commit_callbacks
):
    from opportunities.services.alerts import DIGEST_LIMIT

    member_wanting("digest", email="carer@example.org", topics=[carer])
    for n in range(DIGEST_LIMIT + 2):
        opportunity_create(title=f"Carers {n:02d}", topics=[carer])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
    body = mail.outbox[0].body
    assert sum(f"Carers {n:02d}" in body for n in range(DIGEST_LIMIT + 2)) == DIGEST_LIMIT
    assert "2 more opportunities opened this week that suit you" in body
    assert mail.outbox[0].subject == f"{DIGEST_LIMIT + 2} new opportunities to take part"
    # "See them all" gives the way there: the listing, best match first.
    from django.conf import settings

    from opportunities.models import OpportunityIndexPage

    listing = settings.SITE_URL + OpportunityIndexPage.objects.get().url + "?sort=best"
    assert f"see them all on the website:\n{listing}\n" in body


def test_emails_never_name_a_health_topic_or_an_access_need(django_capture_on_commit_callbacks):
    """A health condition tied to a named person is special-category data: the reasons
    the website gives ("you told us about Diabetes") stay out of emails."""
    diabetes = Topic.objects.get(name="Diabetes")
    for updates, email in (("digest", "weekly@example.org"), ("each", "each@example.org")):
        person = member_wanting(updates, email=email, topics=[diabetes])
        MemberProfile.objects.filter(user=person).update(access_step_free=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_create(
            title="A study about daily life",
            summary="Tell researchers what a normal week is like.",
            topics=[diabetes],
            format="mixed",
            place="Leeds",
            access_offered=["access_step_free"],
        )
        digest_send()
    assert sorted(m.to[0] for m in mail.outbox) == ["each@example.org", "weekly@example.org"]
    for message in mail.outbox:
        text = (message.subject + message.body).lower()
        assert "why we thought of you: you can choose how to take part." in text
        one_or_it = "one" if message.to == ["weekly@example.org"] else "it"
        assert (
            f"if {one_or_it} is not for you, you can say so on its page, "
            "and we will not suggest it again."
        ) in text
        for word in ("diabetes", "hormones", "which you told us", "close to", "step-free"):
            assert word not in text, word


def _selection_queries(queries) -> int:
    """Queries apart from each email's own (its outbox row and what rendering it reads)."""
    per_email = ("home_outboxemail", "home_organisationsettings", "SAVEPOINT", "wagtailcore_site")
    return sum(not any(t in q["sql"] for t in per_email) for q in queries.captured_queries)


@pytest.mark.parametrize("updates", ["digest", "each"])
def test_the_emails_cost_the_same_queries_for_10_or_200_members(
    updates, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opportunities.models import OpportunityPage
    from opportunities.scale_data import members_bulk_create
    from opportunities.services.alerts import announce_new

    everything = list(Topic.objects.filter(parent=None))
    counts, sent = [], []
    for size, seed in ((10, 21), (190, 22)):  # 10, then 200 in all
        members_bulk_create(size, seed=seed, with_answers=True)
        MemberProfile.objects.update(updates=updates, format_online=False)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=False):
            page = opportunity_create(
                title=f"For {size}", topics=everything, format="mixed", place="Leeds"
            )
        OpportunityPage.objects.filter(pk=page.pk).update(announced_at=None)
        with CaptureQueriesContext(connection) as queries:
            sent.append(announce_new(opportunity=page) if updates == "each" else digest_send())
        counts.append(_selection_queries(queries))
    assert 0 < sent[0] < sent[1]
    assert counts[0] == counts[1]


def test_a_member_who_chose_no_topics_hears_of_one_about_a_topic(
    carer, django_capture_on_commit_callbacks
):
    """No topics chosen: they hear of everything that fits them otherwise, though the
    website does not call it "suited" (nothing in it touches what they told us)."""
    member_wanting("digest", email="weekly@example.org")
    member_wanting("each", email="each@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_create(title="For carers", topics=[carer])
        assert digest_send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["each@example.org", "weekly@example.org"]
    for message in mail.outbox:
        assert "For carers" in message.body


def test_an_opportunity_open_to_any_experience_reaches_a_member_involved_lately(
    carer, django_capture_on_commit_callbacks
):
    """No topics: open to anyone whose format fits, however recently they took part
    (their score, below "suited", only ranks it)."""
    for updates, email in (("digest", "weekly@example.org"), ("each", "each@example.org")):
        person = member_wanting(updates, email=email, topics=[carer])
        MemberProfile.objects.filter(user=person).update(last_involved_on=TODAY)
    phone = member_wanting("digest", email="phone@example.org", online=False)
    MemberProfile.objects.filter(user=phone).update(format_phone=True, last_involved_on=TODAY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_create(title="Open to anyone", format="online")
        digest_send()
    assert sorted(m.to[0] for m in mail.outbox) == ["each@example.org", "weekly@example.org"]
    for message in mail.outbox:
        assert "Open to anyone" in message.body
