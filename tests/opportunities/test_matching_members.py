"""What matching shows members (issue 16): "Suited to you" with reasons on the listing
and an opportunity's page, the best-match sort, "Recommended for you" on the account
page, and "Not for me" — which every one of them respects."""

import datetime
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home import page_cache
from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from members.models import MemberProfile, Region, ResearchStage, Topic
from members.services.personal_data import account_erase, personal_data_collect
from opportunities.factories import (
    ApplicationFactory,
    ResearchRequestFactory,
    opportunity_create,
    opportunity_index_get_or_create,
)
from opportunities.models import Format, NotForMe
from opportunities.scale_data import members_bulk_create
from opportunities.services.not_for_me import not_for_me_set, not_for_me_undo

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(db):
    return opportunity_index_get_or_create()


@pytest.fixture
def topics(db):
    """Two conditions in different areas of health."""
    roots = list(Topic.objects.filter(parent__isnull=True).order_by("pk"))
    mine = Topic.objects.filter(parent=roots[0]).order_by("pk").first()
    other = Topic.objects.filter(parent=roots[1]).order_by("pk").first()
    return mine, other


@pytest.fixture
def region(db):
    return Region.objects.order_by("pk").first()


@pytest.fixture
def profiled(member, topics, region):
    """A member who told us about a condition, takes part online, lives in `region`,
    and would like to help design research."""
    profile = MemberProfile.objects.create(
        user=member,
        format_online=True,
        region=region,
        research_stages=[ResearchStage.DESIGN],
    )
    profile.topics.set([topics[0]])
    return member


def suited_opportunity(topics, **fields):
    return opportunity_create(topics=[topics[0]], format=Format.ONLINE, **fields)


def unsuited_opportunity(topics, **fields):
    return opportunity_create(topics=[topics[1]], format=Format.ONLINE, **fields)


def card(html: str, title: str) -> str:
    """The listing's card for `title`."""
    start = html.index(f">{title}</a>")
    end = html.find('<li class="nhsuk-card', start)
    return html[start : end if end > 0 else len(html)]


def listing(client, index, query="") -> str:
    response = client.get(f"{index.url}?{query}")
    assert response.status_code == 200
    return response.content.decode()


# --- The listing ---------------------------------------------------------------------


def test_a_suited_opportunity_shows_the_tag_and_its_reasons_and_an_unsuited_one_does_not(
    client, index, profiled, topics
):
    suited_opportunity(topics, title="About my condition")
    unsuited_opportunity(topics, title="About something else")
    client.force_login(profiled)
    html = listing(client, index)
    mine = card(html, "About my condition")
    assert "Suited to you" in mine
    assert f"You told us about {topics[0].name}" in mine
    assert "Online, a way you said you can take part" in mine
    assert 'class="nhsuk-list nhsuk-list--bullet' in mine  # a real list
    assert 'Not for me<span class="nhsuk-u-visually-hidden">: About my condition' in mine
    other = card(html, "About something else")
    assert "Suited to you" not in other and "You told us" not in other
    assert html.count("Suited to you") == 1


def test_the_listing_shows_three_reasons_and_the_page_shows_them_all(
    client, index, profiled, topics, region
):
    page = opportunity_create(
        title="Many reasons",
        topics=[topics[0]],
        format=Format.MIXED,
        region=region,
        place="The library",
        request=ResearchRequestFactory(research_stage=ResearchStage.DESIGN),
    )
    client.force_login(profiled)
    mine = card(listing(client, index), "Many reasons")
    reasons = mine[mine.index("Why it may suit you:") : mine.index("</ul>", mine.index("Why"))]
    assert reasons.count("<li>") == 3
    assert "See 2 more reasons" in mine and "#why-it-may-suit-you" in mine
    html = client.get(page.url).content.decode()
    panel = html[html.index('id="why-it-may-suit-you"') :]
    panel = panel[: panel.index("</div>")]
    assert "Why this may suit you" in panel
    assert panel.count("<li>") == 5
    assert "Designing the research: a stage of research you would like to help with" in panel
    assert f"In {region.name}, your region" in panel


def test_visitors_and_members_without_a_profile_see_no_tags_and_no_best_match(
    client, index, member, topics
):
    suited_opportunity(topics, title="About my condition")
    for who in (None, member):
        if who:
            client.force_login(who)
        html = listing(client, index)
        assert "Suited to you" not in html
        assert "best match for me" not in html
        # Asked for anyway: the default order, without an error.
        assert "About my condition" in listing(client, index, "sort=best")


def test_best_match_puts_suited_first_then_by_score_and_hard_mismatches_last(
    client, index, profiled, topics, region
):
    today = timezone.localdate()
    far = Region.objects.exclude(pk=region.pk).order_by("pk").first()
    # In closing order: mismatch, neutral, suited, better suited.
    opportunity_create(
        title="In person only",
        topics=[topics[0]],
        format=Format.IN_PERSON,
        region=far,
        closing_date=today + datetime.timedelta(days=5),
    )
    unsuited_opportunity(topics, title="Neutral", closing_date=today + datetime.timedelta(days=6))
    suited_opportunity(topics, title="Suited", closing_date=today + datetime.timedelta(days=7))
    suited_opportunity(
        topics,
        title="Better suited",
        closing_date=today + datetime.timedelta(days=8),
        request=ResearchRequestFactory(research_stage=ResearchStage.DESIGN),
    )
    client.force_login(profiled)
    html = listing(client, index)
    assert "best match for me" in html
    order = ["In person only", "Neutral", "Suited", "Better suited"]
    assert [html.index(f">{t}</a>") for t in order] == sorted(
        html.index(f">{t}</a>") for t in order
    )
    html = listing(client, index, "sort=best")
    assert "<strong>best match for me</strong>" in html
    best = ["Better suited", "Suited", "Neutral", "In person only"]
    positions = [html.index(f">{t}</a>") for t in best]
    assert positions == sorted(positions)
    assert "This may not suit you" not in html  # the hard reasons are on the page


def test_the_best_match_order_is_paginated_and_keeps_its_filters(client, index, profiled, topics):
    for n in range(22):
        unsuited_opportunity(topics, title=f"Other {n:02d}", is_paid=True)
    suited_opportunity(
        topics,
        title="The suited one",
        is_paid=True,
        closing_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    client.force_login(profiled)
    html = listing(client, index, "paid=on&sort=best")
    assert "23 opportunities" in html and "Page 1 of 2" in html
    assert html.index(">The suited one</a>") < html.index(">Other 00</a>")
    assert "paid=on&amp;sort=best&amp;page=2" in html
    assert "The suited one" not in listing(client, index, "paid=on&sort=best&page=2")


def test_an_opportunity_marked_not_for_me_is_never_suited_and_goes_last(
    client, index, profiled, topics
):
    first = suited_opportunity(topics, title="Said no")
    suited_opportunity(topics, title="Still suited")
    unsuited_opportunity(topics, title="Neutral")
    NotForMe.objects.create(member=profiled, opportunity=first)
    client.force_login(profiled)
    html = listing(client, index)
    said = card(html, "Said no")
    assert "Suited to you" not in said
    assert "You said this is not for you" in said
    assert f'action="/not-for-me/{first.pk}/undo/"' in said
    assert "csrfmiddlewaretoken" in said and "rt-csrf-token-marker" not in html
    html = listing(client, index, "sort=best")
    assert html.index(">Still suited</a>") < html.index(">Neutral</a>") < html.index(">Said no</a>")


# --- The opportunity's page ----------------------------------------------------------


def test_the_page_says_kindly_why_it_may_not_suit_and_still_lets_them_apply(
    client, profiled, topics, region
):
    far = Region.objects.exclude(pk=region.pk).order_by("pk").first()
    page = opportunity_create(
        title="In person, elsewhere", topics=[topics[0]], format=Format.IN_PERSON, region=far
    )
    client.force_login(profiled)
    html = client.get(page.url).content.decode()
    assert "This may not suit you" in html
    assert "It is in person, which is not one of the ways you said you can take part" in html
    assert "Why this may suit you" not in html
    assert "Apply for this opportunity" in html
    assert f'action="/not-for-me/{page.pk}/"' in html


def test_the_page_shows_no_panel_to_visitors_or_members_without_a_profile(client, member, topics):
    page = suited_opportunity(topics)
    for who in (None, member):
        if who:
            client.force_login(who)
        html = client.get(page.url).content.decode()
        assert "Why this may suit you" not in html and "Not for me" not in html


def test_the_page_offers_not_for_me_only_while_open_and_not_applied_for(client, profiled, topics):
    button = 'Not for me<span class="nhsuk-u-visually-hidden">'
    open_one = suited_opportunity(topics, title="Still open")
    applied = suited_opportunity(topics, title="Applied for")
    ApplicationFactory(member=profiled, opportunity=applied)
    closed = suited_opportunity(topics, title="Closed")
    type(closed).objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    client.force_login(profiled)
    assert button in client.get(open_one.url).content.decode()
    for page in (applied, closed):
        html = client.get(page.url).content.decode()
        assert "Why this may suit you" in html  # the reasons stay; only the button goes
        assert button not in html


def test_the_listing_offers_not_for_me_only_on_what_they_have_not_applied_for(
    client, index, profiled, topics
):
    button = 'Not for me<span class="nhsuk-u-visually-hidden">'
    suited_opportunity(topics, title="Not applied for")
    applied = suited_opportunity(topics, title="Applied for")
    ApplicationFactory(member=profiled, opportunity=applied)
    client.force_login(profiled)
    html = listing(client, index)
    assert button in card(html, "Not applied for")
    applied_card = card(html, "Applied for")
    assert "Suited to you" in applied_card  # the tag and reasons stay; only the button goes
    assert button not in applied_card


def test_not_for_me_from_the_page_then_undo(client, profiled, topics):
    page = suited_opportunity(topics, title="Shape a leaflet")
    client.force_login(profiled)
    response = client.post(f"/not-for-me/{page.pk}/", {"next": page.url}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == page.url
    assert "We will not suggest Shape a leaflet to you again." in html
    assert "You said this is not for you" in html and "Why this may suit you" not in html
    response = client.post(f"/not-for-me/{page.pk}/undo/", {"next": page.url}, follow=True)
    html = response.content.decode()
    assert "We may suggest Shape a leaflet to you again." in html
    assert "Why this may suit you" in html
    assert not NotForMe.objects.exists()


@pytest.mark.parametrize(
    "target", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"]
)
def test_not_for_me_goes_back_only_to_this_site(client, profiled, topics, target):
    page = suited_opportunity(topics)
    client.force_login(profiled)
    response = client.post(f"/not-for-me/{page.pk}/", {"next": target})
    assert response.status_code == 302 and response["Location"] == page.url


# --- The service -----------------------------------------------------------------------


def test_saying_not_for_me_twice_keeps_one_row_and_undo_twice_is_harmless(profiled, topics):
    page = suited_opportunity(topics)
    assert not_for_me_set(member=profiled, opportunity=page) is True
    assert not_for_me_set(member=profiled, opportunity=page) is False
    assert NotForMe.objects.filter(member=profiled, opportunity=page).count() == 1
    assert not_for_me_undo(member=profiled, opportunity=page) is True
    assert not_for_me_undo(member=profiled, opportunity=page) is False


def test_only_members_and_only_about_what_they_may_see(profiled, topics):
    page = suited_opportunity(topics)
    for someone in (ResearcherFactory(), StaffFactory()):
        with pytest.raises(PermissionDenied):
            not_for_me_set(member=someone, opportunity=page)
    diabetes = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    group_only = suited_opportunity(topics, visibility="groups", groups=[diabetes])
    with pytest.raises(PermissionDenied):
        not_for_me_set(member=profiled, opportunity=group_only)
    assert not NotForMe.objects.exists()


def test_the_answers_are_in_the_data_download_and_go_with_the_account(profiled, topics):
    page = suited_opportunity(topics, title="Shape a leaflet")
    not_for_me_set(member=profiled, opportunity=page)
    data = personal_data_collect(user=profiled)
    section = data["Your applications and involvement"]
    assert [row["Opportunity"] for row in section["Opportunities you said are not for you"]] == [
        "Shape a leaflet"
    ]
    account_erase(user=profiled)
    assert not NotForMe.objects.exists()


# --- Refusals ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["not-for-me", "not-for-me/undo"])
def test_the_urls_refuse_everyone_else(client, profiled, topics, name):
    page = suited_opportunity(topics)
    path = lambda pk: f"/{name.split('/')[0]}/{pk}/" + ("undo/" if "undo" in name else "")  # noqa: E731
    response = client.post(path(page.pk))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for someone in (ResearcherFactory(), StaffFactory()):
        client.force_login(someone)
        assert client.post(path(page.pk)).status_code == 403
    client.force_login(profiled)
    assert client.get(path(page.pk)).status_code == 405
    diabetes = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    group_only = suited_opportunity(topics, visibility="groups", groups=[diabetes])
    assert client.post(path(group_only.pk)).status_code == 404
    assert client.post(path(999999)).status_code == 404
    assert not NotForMe.objects.exists()


# --- The account page ------------------------------------------------------------------


@pytest.fixture
def pages(db):
    demo_pages_create()


def account(client) -> str:
    response = client.get("/account/")
    assert response.status_code == 200
    return response.content.decode()


def recommended(html: str) -> str:
    start = html.index("Recommended for you")
    return html[start : html.index("Your applications", start)]


def test_the_account_page_recommends_suited_opportunities_not_applied_for_nor_refused(
    client, pages, profiled, topics
):
    for n in range(4):
        suited_opportunity(topics, title=f"Suited {n}")
    applied = suited_opportunity(topics, title="Applied already")
    refused = suited_opportunity(topics, title="Said no")
    unsuited_opportunity(topics, title="Unsuited")
    ApplicationFactory(member=profiled, opportunity=applied)
    NotForMe.objects.create(member=profiled, opportunity=refused)
    better = suited_opportunity(
        topics,
        title="Best of all",
        request=ResearchRequestFactory(research_stage=ResearchStage.DESIGN),
    )
    suited_opportunity(topics, title="Sixth suited")
    client.force_login(profiled)
    section = recommended(account(client))
    for title in ("Applied already", "Said no", "Unsuited"):
        assert title not in section
    assert section.count("<li>") == 5
    assert section.index("Best of all") < section.index("Suited 0")
    assert "Sixth suited" not in section  # five at most (the order breaks ties by closing)
    assert f"You told us about {topics[0].name}" in section
    assert better.url in section


def test_with_nothing_suited_the_account_page_says_what_to_do(client, pages, member):
    client.force_login(member)
    html = account(client)
    assert "Recommended for you" in html
    assert "Tell us more about yourself in your profile to get suggestions" in html
    assert 'href="/profile/"' in html


# --- The caches --------------------------------------------------------------------------


@pytest.fixture
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    yield
    page_cache._paused_until = 0.0
    page_cache._bump_pending = False


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_cached_listing_follows_not_for_me_and_profile_changes(
    client, index, profiled, topics, cache_on, commit
):
    page = suited_opportunity(topics, title="About my condition")
    client.force_login(profiled)
    assert "Suited to you" in card(listing(client, index), "About my condition")
    assert "Suited to you" in card(listing(client, index), "About my condition")  # kept
    with commit():
        client.post(f"/not-for-me/{page.pk}/", {"next": index.url})
    assert "You said this is not for you" in card(listing(client, index), "About my condition")
    with commit():
        client.post(f"/not-for-me/{page.pk}/undo/", {"next": index.url})
    assert "Suited to you" in card(listing(client, index), "About my condition")
    with commit():
        profiled.profile.topics.set([topics[1]])
    assert "Suited to you" not in listing(client, index)


def test_one_members_suggestions_reach_neither_visitors_nor_another_member(
    client, index, profiled, topics, cache_on
):
    suited_opportunity(topics, title="About my condition")
    client.force_login(profiled)
    assert "Suited to you" in listing(client, index)
    assert "best match for me" in listing(client, index)
    other = MemberFactory()
    client.force_login(other)
    html = listing(client, index)
    assert "Suited to you" not in html and "best match for me" not in html
    client.logout()
    for _ in range(2):  # made, then from the visitors' cache
        html = listing(client, index)
        assert "Suited to you" not in html and "Not for me" not in html


def test_the_cached_account_page_follows_not_for_me_applications_and_publishing(
    client, pages, profiled, topics, cache_on, commit
):
    first = suited_opportunity(topics, title="First suited")
    client.force_login(profiled)
    assert "First suited" in recommended(account(client))
    with commit():
        not_for_me_set(member=profiled, opportunity=first)
    assert "First suited" not in account(client)
    with commit():
        second = suited_opportunity(topics, title="Second suited")
    assert "Second suited" in recommended(account(client))
    with commit():
        ApplicationFactory(member=profiled, opportunity=second)
    assert "Second suited" not in recommended(account(client))
    with commit():
        not_for_me_undo(member=profiled, opportunity=first)
    assert "First suited" in recommended(account(client))


# --- Query budgets -----------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (site root, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_members_listing_costs_the_same_with_few_or_many_opportunities_and_members(
    client, index, profiled, topics
):
    """In every view: 3 or 30 opportunities, 10 or 10,000 members (with filled-in
    profiles) cost the same number of queries (10,000 take about 15 s on SQLite)."""
    members_bulk_create(10, seed=4, with_answers=True)
    for n in range(3):
        suited_opportunity(topics, title=f"Suited {n}")
    client.force_login(profiled)
    urls = [f"{index.url}?{query}" for query in ("", "sort=best", "view=month")]
    few = {url: _queries(client, url) for url in urls}
    for n in range(27):
        (suited_opportunity if n % 2 else unsuited_opportunity)(topics, title=f"More {n}")
    assert {url: _queries(client, url) for url in urls} == few
    started = time.monotonic()
    members_bulk_create(10_000, seed=5, with_answers=True)
    assert time.monotonic() - started < 600
    assert {url: _queries(client, url) for url in urls} == few


def test_the_account_page_costs_the_same_with_few_or_many_opportunities(
    client, pages, profiled, topics
):
    for n in range(3):
        suited_opportunity(topics, title=f"Suited {n}")
    client.force_login(profiled)
    few = _queries(client, "/account/")
    for n in range(27):
        suited_opportunity(topics, title=f"More {n}")
    assert _queries(client, "/account/") == few
