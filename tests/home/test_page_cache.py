"""Public pages from the cache (home/page_cache.py): who gets them, what is kept, when
it goes stale, and that a failing cache never breaks a page.

The test settings turn the cache off; these tests turn it on. They run against the
memory cache, and against Redis when CACHE_URL points at one (CI).
"""

import datetime
import logging

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.middleware.csrf import get_token
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

from home import page_cache
from home.demo_content import demo_pages_create
from home.models import OrganisationSettings, StandardPage
from members.demo_content import demo_groups_create
from members.models import Region
from members.services.memberships import membership_join
from opportunities.factories import ApplicationFactory, opportunity_create
from opportunities.services.opportunities import opportunities_close_past_deadline
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db

HEADER = "X-Page-Cache"
PAGE = "/how-payment-works/"
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    yield
    page_cache._paused_until = 0.0  # a test that broke the cache must not pause the next
    page_cache._bump_pending = False


@pytest.fixture
def pages(db):
    return demo_pages_create()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (tests run inside one)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def get(client, url=PAGE, **extra):
    return client.get(url, **extra)


# --- Who gets a cached page ---------------------------------------------------------


def test_a_visitor_gets_the_page_from_the_cache_the_second_time(client, pages):
    first = get(client)
    assert first.status_code == 200 and first[HEADER] == "miss"
    second = get(client)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_asks_the_database_nothing(client, pages, django_assert_num_queries):
    get(client)
    with django_assert_num_queries(0):
        assert get(client)[HEADER] == "hit"


def test_home_group_opportunity_and_listing_pages_are_all_cached(client, pages):
    groups = demo_groups_create()
    opportunity = opportunity_create(title="Shape a leaflet")
    for url in ["/", groups[0].url, opportunity.url, opportunity.get_parent().url]:
        assert get(client, url)[HEADER] == "miss", url
        assert get(client, url)[HEADER] == "hit", url


def test_a_visitor_with_only_a_csrf_cookie_still_gets_the_cached_page(client, pages):
    get(client)
    client.cookies["csrftoken"] = "a" * 32
    assert get(client)[HEADER] == "hit"


def test_a_head_request_is_answered_from_the_cached_get(client, pages):
    get(client)
    assert client.head(PAGE)[HEADER] == "hit"


def test_a_signed_in_member_never_gets_the_visitors_copy(client, pages, member):
    assert "Sign in" in get(client).content.decode()
    client.force_login(member)
    response = get(client)
    assert HEADER not in response
    html = response.content.decode()
    assert "Sign out" in html and "Create an account" not in html


def test_a_members_page_is_never_kept_for_visitors(client, pages, member):
    client.force_login(member)
    get(client)
    get(client)
    client.logout()
    client.cookies.clear()
    response = get(client)
    assert response[HEADER] == "miss"
    html = response.content.decode()
    assert "Sign in" in html and "Sign out" not in html


def test_a_half_signed_in_visitor_is_never_served_from_the_cache(client, pages):
    """A session carrying anything (a second factor or an email verification pending,
    a page password given) means the page is made for them."""
    get(client)
    session = client.session
    session["account_verified_email"] = None  # what allauth keeps while it waits
    session.save()
    response = get(client)
    assert HEADER not in response


def test_a_flash_message_is_shown_not_swallowed_by_the_cache(client, pages, member):
    get(client, "/")
    assert get(client, "/")[HEADER] == "hit"
    client.force_login(member)
    client.post("/accounts/logout/")  # "You have signed out." waits in a cookie
    response = get(client, "/")
    assert HEADER not in response
    assert "You have signed out." in response.content.decode()
    # Shown once; after that the visitor gets the cached page again.
    assert get(client, "/")[HEADER] == "hit"


# --- What is never stored -----------------------------------------------------------


def test_a_page_that_sets_a_cookie_is_not_stored(client, pages):
    def with_a_form(page, request, serve_args, serve_kwargs):
        get_token(request)  # as a page with a form does: the CSRF cookie is set

    with hooks.register_temporarily("before_serve_page", with_a_form):
        first = get(client)
        assert "csrftoken" in first.cookies
        assert get(client)[HEADER] == "miss"


def test_a_response_marked_private_is_not_stored(client, pages):
    def private(serve):
        def inner(page, request, args, kwargs):
            response = serve(page, request, args, kwargs)
            response["Cache-Control"] = "private"
            return response

        return inner

    with hooks.register_temporarily("on_serve_page", private):
        get(client)
        assert get(client)[HEADER] == "miss"


def test_missing_pages_are_not_stored(client, pages):
    assert get(client, "/no-such-page/").status_code == 404
    assert get(client, "/no-such-page/")[HEADER] == "miss"


def test_pages_that_are_not_wagtail_pages_are_not_stored(client, pages):
    get(client, "/contact/")
    assert get(client, "/contact/")[HEADER] == "miss"


@pytest.mark.parametrize("url", ["/accounts/login/", "/healthz", "/admin/"])
def test_accounts_admin_and_the_health_check_are_never_looked_up(client, pages, url):
    assert HEADER not in get(client, url)


def test_a_password_protected_page_is_never_cached(client, pages):
    page = StandardPage.objects.get(url_path__endswith=PAGE)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    form = get(client)
    assert "If you receive benefits" not in form.content.decode()  # the password form
    # The visitor who gives the password sees the page; it is made for them alone.
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "open sesame", "return_url": PAGE},
    )
    theirs = get(client)
    assert "If you receive benefits" in theirs.content.decode()
    assert HEADER not in theirs
    client.cookies.clear()
    assert "If you receive benefits" not in get(client).content.decode()


def test_a_group_restricted_page_is_never_cached(client, pages, staff):
    page = StandardPage.objects.get(url_path__endswith=PAGE)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Involvement staff"))
    assert get(client).status_code == 302
    assert get(client).status_code == 302


def test_a_page_made_private_leaves_the_cache_at_once(client, pages, commit):
    get(client)
    assert get(client)[HEADER] == "hit"
    page = StandardPage.objects.get(url_path__endswith=PAGE)
    with commit():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = get(client)
    assert response.status_code == 302


def test_only_the_hook_lets_a_response_in(rf, pages):
    """Belt and braces: a restricted page is not marked storable even if Wagtail's own
    check let it through."""
    page = StandardPage.objects.get(url_path__endswith=PAGE)
    request = rf.get(PAGE)
    request.page_cache_candidate = True
    page_cache.page_allows_caching(page, request, (), {})
    assert request.page_cache_allowed
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    request = rf.get(PAGE)
    request.page_cache_candidate = True
    page_cache.page_allows_caching(page, request, (), {})
    assert not getattr(request, "page_cache_allowed", False)


def test_query_parameters_a_page_does_not_read_are_not_cached(client, pages):
    assert get(client, f"{PAGE}?utm_source=leaflet").status_code == 200
    assert get(client, f"{PAGE}?utm_source=leaflet")[HEADER] == "miss"


# --- The key ---------------------------------------------------------------------------


def test_the_listing_is_kept_once_per_query_whatever_the_order(client, pages):
    index = opportunity_create(title="Shape a leaflet").get_parent()
    assert get(client, f"{index.url}?sort=newest&paid=on")[HEADER] == "miss"
    assert get(client, f"{index.url}?paid=on&sort=newest")[HEADER] == "hit"
    assert get(client, f"{index.url}?paid=on")[HEADER] == "miss"


@pytest.mark.parametrize(
    "query",
    [
        "topic=999999",  # a value the filter does not offer
        "page=99",  # a page the listing does not have
        "sort=oldest",  # a sort we do not have
        "paid=on&paid=off",  # one value per parameter
    ],
)
def test_the_listing_keeps_only_queries_from_a_bounded_set(client, pages, query):
    index = opportunity_create(title="Shape a leaflet").get_parent()
    assert get(client, f"{index.url}?{query}").status_code == 200
    assert get(client, f"{index.url}?{query}")[HEADER] == "miss"
    assert get(client, f"{index.url}?page=1")[HEADER] == "miss"
    assert get(client, f"{index.url}?page=1")[HEADER] == "hit"


class RecordingCache:
    """The real cache, noting the keys stored."""

    def __init__(self, real):
        self.real, self.stored = real, []

    def set(self, key, *args, **kwargs):
        self.stored.append(key)
        return self.real.set(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_members_listing_keeps_no_filter_value_that_does_not_exist(
    client, pages, member, monkeypatch
):
    index = opportunity_create(title="Shape a leaflet").get_parent()
    client.force_login(member)
    recording = RecordingCache(page_cache.cache)
    monkeypatch.setattr(page_cache, "cache", recording)
    client.get(f"{index.url}?topic=999999")  # the header and footer are kept
    before = len(recording.stored)
    assert "Error:" in client.get(f"{index.url}?topic=999999").content.decode()
    assert len(recording.stored) == before  # made again, not kept
    client.get(f"{index.url}?q=leaflet")
    assert len(recording.stored) == before + 1  # a search is kept


def test_another_host_gets_its_own_copy(client, pages, settings):
    get(client)
    assert get(client, HTTP_HOST="localhost")[HEADER] == "miss"


# --- Going stale ------------------------------------------------------------------------


def test_a_lost_generation_number_never_brings_back_old_pages(client, pages):
    get(client)
    cache.delete(page_cache.GENERATION_KEY)  # evicted, or the cache restarted
    assert get(client)[HEADER] == "miss"
    assert get(client)[HEADER] == "hit"


def title_shown(client, url=PAGE) -> str:
    html = get(client, url).content.decode()
    return html[html.index("<h1>") + 4 : html.index("</h1>")]


def test_publishing_a_page_makes_the_cached_copy_stale(client, pages, commit):
    page = StandardPage.objects.get(url_path__endswith=PAGE)
    title_shown(client)
    page.title = "Payment, explained"
    with commit():
        page.save_revision().publish()
    assert title_shown(client) == "Payment, explained"


def test_unpublishing_a_page_takes_it_out_of_the_cache(client, pages, commit):
    get(client)
    with commit():
        StandardPage.objects.get(url_path__endswith=PAGE).unpublish()
    assert get(client).status_code == 404


def test_moving_a_page_takes_the_old_address_out_of_the_cache(client, pages, commit):
    page = StandardPage.objects.get(url_path__endswith=PAGE)
    new_parent = StandardPage.objects.exclude(pk=page.pk).first()
    get(client)
    with commit():
        page.move(new_parent, pos="last-child")
    assert get(client).status_code == 404


def test_deleting_a_page_takes_it_out_of_the_cache(client, pages, commit):
    get(client)
    with commit():
        StandardPage.objects.get(url_path__endswith=PAGE).delete()
    assert get(client).status_code == 404


def test_a_new_menu_page_shows_on_every_cached_page(client, pages, commit):
    get(client)
    home = Site.objects.get(is_default_site=True).root_page
    with commit():
        page = home.add_child(
            instance=StandardPage(title="Meet the team", slug="team", show_in_menus=True)
        )
        page.save_revision().publish()
    assert "Meet the team" in get(client).content.decode()


def test_changing_the_organisation_settings_changes_cached_pages(client, pages, commit):
    get(client)
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Southfield Research"
    with commit():
        settings.save()
    assert "Southfield Research" in get(client).content.decode()


def test_changing_the_taxonomy_changes_the_cached_listing(client, pages, commit):
    index = opportunity_create().get_parent()
    get(client, index.url)
    with commit():
        Region.objects.create(name="Isles of Scilly")
    assert "Isles of Scilly" in get(client, index.url).content.decode()


def test_an_opportunity_closed_at_its_deadline_leaves_the_cached_listing(client, pages, commit):
    opportunity = opportunity_create(title="Closing tonight", closing_date=TODAY)
    index = opportunity.get_parent()
    assert "Closing tonight" in get(client, index.url).content.decode()
    type(opportunity).objects.filter(pk=opportunity.pk).update(
        closing_date=TODAY - datetime.timedelta(days=1)
    )
    with commit():
        assert opportunities_close_past_deadline() == 1
    assert "Closing tonight" not in get(client, index.url).content.decode()
    assert "This opportunity has closed." in get(client, opportunity.url).content.decode()


def test_a_place_being_filled_makes_the_opportunitys_page_stale(client, pages, staff, commit):
    opportunity = opportunity_create(title="Two places", places=2)
    get(client, opportunity.url)
    assert get(client, opportunity.url)[HEADER] == "hit"
    application = ApplicationFactory(opportunity=opportunity, member=_member())
    with commit():
        application_decide(application=application, status="selected", message="", by=staff)
    assert get(client, opportunity.url)[HEADER] == "miss"


def _member():
    from members.factories import MemberFactory

    return MemberFactory()


def test_nothing_is_kept_past_midnight(monkeypatch):
    """What depends on the date ("closed", the open opportunities) is right from
    midnight, whatever the maximum age."""
    late = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(23, 59)))
    monkeypatch.setattr(page_cache.timezone, "localtime", lambda: late)
    assert page_cache._timeout() == 60


def test_nothing_is_kept_longer_than_the_setting(settings, monkeypatch):
    morning = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9, 0)))
    monkeypatch.setattr(page_cache.timezone, "localtime", lambda: morning)
    settings.PUBLIC_PAGE_CACHE_SECONDS = 120
    assert page_cache._timeout() == 120


# --- Switched off, and failing open -----------------------------------------------------


def test_zero_seconds_turns_the_cache_off(client, pages, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    get(client)
    assert HEADER not in get(client)


class BrokenCache:
    """A cache server that is down: every call fails."""

    def __init__(self):
        self.calls = 0

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            self.calls += 1
            raise ConnectionError("cache unreachable")

        return fail


def test_a_broken_cache_serves_the_page_uncached_and_warns(client, pages, monkeypatch, caplog):
    broken = BrokenCache()
    monkeypatch.setattr(page_cache, "cache", broken)
    with caplog.at_level(logging.WARNING, logger="home.page_cache"):
        response = get(client)
    assert response.status_code == 200
    assert "If you receive benefits" in response.content.decode()
    assert "page cache failed" in caplog.text
    # The cache is left alone for a while: one failure, not one per request.
    calls = broken.calls
    assert get(client).status_code == 200
    assert get(client, "/").status_code == 200
    assert broken.calls == calls


def test_an_unreachable_redis_serves_the_page_uncached(client, pages, monkeypatch, caplog):
    # Nothing listens on this port: Redis's own client error, not a stand-in.
    monkeypatch.setattr(page_cache, "cache", RedisCache("redis://127.0.0.1:18399/0", {}))
    with caplog.at_level(logging.WARNING, logger="home.page_cache"):
        response = get(client)
    assert response.status_code == 200
    assert HEADER not in response
    assert "page cache failed" in caplog.text


def test_a_failed_invalidation_is_logged_not_raised(pages, monkeypatch, caplog, commit):
    monkeypatch.setattr(page_cache, "cache", BrokenCache())
    with caplog.at_level(logging.WARNING, logger="home.page_cache"), commit():
        page_cache.public_pages_changed()
    assert "Could not mark cached public pages stale" in caplog.text


class EmptyCache:
    """What config.cache.ResilientRedisCache answers while Redis is unavailable."""

    def get_many(self, keys, version=None):
        return {}

    def get(self, key, default=None, version=None):
        return default

    def set(self, *args, **kwargs):
        return None

    def add(self, *args, **kwargs):
        return False

    def incr(self, key, delta=1, version=None):
        raise ValueError(key)


def test_a_change_the_cache_could_not_hear_about_is_announced_before_the_next_hit(
    client, pages, monkeypatch, caplog, commit
):
    """Otherwise a page made private while Redis blinked would be served for minutes."""
    real = page_cache.cache
    get(client)
    assert get(client)[HEADER] == "hit"
    monkeypatch.setattr(page_cache, "cache", EmptyCache())
    with caplog.at_level(logging.ERROR, logger="home.page_cache"), commit():
        page_cache.public_pages_changed()
    assert "Could not mark cached public pages stale" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="home.page_cache"):
        response = get(client)
    assert response.status_code == 200
    assert HEADER not in response  # the cache is not used meanwhile
    assert "Could not mark" not in caplog.text  # said once, not at every request
    monkeypatch.setattr(page_cache, "cache", real)  # Redis is back
    assert get(client)[HEADER] == "miss"
    assert get(client)[HEADER] == "hit"


# --- Members' listing, kept as a fragment ------------------------------------------------


def test_a_members_listing_shows_what_their_groups_may_see_and_no_more(client, pages, member):
    groups = demo_groups_create()
    diabetes = next(g for g in groups if g.slug == "living-with-diabetes")
    opportunity_create(title="Just for the diabetes group", visibility="groups", groups=[diabetes])
    index = opportunity_create(title="For anyone").get_parent()
    insider = _member()
    membership_join(
        member=insider, group=diabetes, accepted_version=diabetes.current_ground_rules()
    )
    client.force_login(insider)
    for _ in range(2):  # made, then from the fragment
        html = get(client, index.url).content.decode()
        assert "Just for the diabetes group" in html and "For anyone" in html
    client.force_login(member)
    for _ in range(2):
        html = get(client, index.url).content.decode()
        assert "Just for the diabetes group" not in html and "For anyone" in html
    client.logout()
    assert "Just for the diabetes group" not in get(client, index.url).content.decode()


def test_a_members_listing_follows_publishing(client, pages, member, commit):
    index = opportunity_create(title="First one").get_parent()
    client.force_login(member)
    assert "First one" in get(client, index.url).content.decode()
    with commit():
        opportunity_create(title="Second one")
    html = get(client, index.url).content.decode()
    assert "First one" in html and "Second one" in html
    assert "&lt;" not in html[html.index("<main") : html.index("</main>")]  # not escaped


def test_a_members_listing_keeps_the_error_title_for_bad_filters(client, pages, member):
    index = opportunity_create().get_parent()
    client.force_login(member)
    for _ in range(2):
        html = get(client, f"{index.url}?where=nowhere").content.decode()
        assert "<title>Error:" in html


def test_the_shared_pieces_are_not_cached_when_the_cache_is_off(client, pages, settings, commit):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    get(client)
    settings_row = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.name = "Eastfield Research"
    settings_row.save()  # no commit: nothing stale to clear when nothing is kept
    assert "Eastfield Research" in get(client).content.decode()


def test_page_classes_declare_the_query_parameters_they_read():
    from opportunities.filters import OpportunityFilterSet
    from opportunities.models import OpportunityIndexPage

    declared = OpportunityIndexPage().page_cache_query_params
    # "view" and "month": the month view (issue 14, item 7).
    assert {"sort", "page", "view", "month", *OpportunityFilterSet.base_filters} == set(declared)
    assert not getattr(Page(), "page_cache_query_params", ())
