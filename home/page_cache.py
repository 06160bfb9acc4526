"""Public pages from the cache for visitors who are not signed in, and the cached
fragments that pages share.

Our own, on Django's cache framework (CACHES["default"]: Redis in production), because
wagtail-cache does not support Wagtail 8. It lives in `home`, the lowest app, so the
services that change what public pages show (opportunities closing, places filling)
can say so without importing `config`.

**Who is served from the cache.** A GET or HEAD from a visitor who sends no session
cookie and no messages cookie. Being signed in, half signed in (a second factor or an
email verification pending), a page password already given and flash messages that
did not fit in their cookie all live in the session, so "no session cookie" rules them
all out without reading the database. Every page sends `Vary: Cookie`, but the key does
not include the Cookie header: a visitor whose only cookie is the CSRF token still gets
the cached page.

**What is stored.** A 200 response to a GET for a Wagtail page with no view restriction
(`page_allows_caching`, a `before_serve_page` hook), which sets no cookie (pages with a
form set the CSRF cookie, so they never are), is not marked private, no-store or
no-cache, and varies only on the cookie and the language. Every other view (the
account pages, allauth, the admin) is never stored. A page whose query string has a
parameter the page does not declare (`page_cache_query_params`) is served uncached, so
tracking parameters and junk cannot fill the cache; a page may also refuse one response
(`request.page_cache_refused`: the listing does for a value its filters do not offer,
or a page number it does not have). What anyone can add is bounded by how fast pages
are made: each entry lasts PUBLIC_PAGE_CACHE_SECONDS at most.

**The key**: scheme, host, path, the query string with its parameters in sorted order,
and the language.

**Invalidation.** One generation number for every cached page and fragment, stored
beside each entry and read with it in one round trip. `public_pages_changed()` bumps it
when the current transaction commits, making everything stale at once: content changes
are rare, and a finer scheme would have to know every page that shows a title. An
entry older than PUBLIC_PAGE_CACHE_SECONDS, or made before the last local midnight,
is never served, so whatever depends on the date ("closed", the listing's open
opportunities) is right from midnight.

**A signed-in person's own pages** are never stored whole, but a view may keep the part
that costs most to make (`personal_fragment`): for that person only (their id is in
the key), until something it shows changes. Each person has a version number, bumped
by `people_changed()` when anything of theirs changes (their account, roles, profile,
memberships, applications, involvement: the apps' receivers say so); changes that
reach many people at once (new ground rules, impact entries, permissions) and every
public change bump the generation instead, which these entries also carry. They obey
the same limits: PUBLIC_PAGE_CACHE_SECONDS at most, never across midnight.

**Failing open.** A cache error (Redis down or hung) means the page is served uncached
and a warning is logged; then this process leaves the cache alone for
`PAUSE_AFTER_ERROR` seconds, so a hung cache costs one timeout, not one per request.
(With Redis, config/cache.py already answers as an empty cache instead of raising.) A
change that could not be announced is logged as an error, and the process serves
nothing from the cache until it has announced it.
"""

import datetime
import hashlib
import logging
import time
import zlib
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

T = TypeVar("T")

HEADER = "X-Page-Cache"
GENERATION_KEY = "page-cache:generation"
# Never looked up: nothing under these is a public page (and a lookup is a round trip).
NEVER_CACHED = ("/admin/", "/accounts/", "/healthz", "/documents/", "/_util/", "/static/")
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}
# What the key already accounts for (the cookie rules above, and the language).
VARY_ALLOWED = {"cookie", "accept-language"}
PAUSE_AFTER_ERROR = 30

_paused_until = 0.0  # per process; a float assignment is atomic across threads
_bump_pending = False  # per process: a change not yet announced to the cache


def max_age() -> int:
    """PUBLIC_PAGE_CACHE_SECONDS: 0 turns every page and fragment cache off."""
    return max(0, int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0)))


def page_cache_enabled() -> bool:
    """For callers whose key costs a query: not worth it when nothing is kept."""
    return max_age() > 0


def _timeout() -> int:
    now = timezone.localtime()
    midnight = timezone.make_aware(
        datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time.min)
    )
    return max(1, min(max_age(), int((midnight - now).total_seconds())))


def _usable() -> bool:
    if not page_cache_enabled() or time.monotonic() < _paused_until:
        return False
    # A change this process could not announce: nothing from the cache until it has.
    return not _bump_pending or _bump_generation()


def _failed(error: Exception) -> None:
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_AFTER_ERROR
    logger.warning(
        "The page cache failed (%s: %s); serving pages uncached for %s s",
        type(error).__name__,
        error,
        PAUSE_AFTER_ERROR,
    )


def _read(key: str) -> tuple[int, tuple | None]:
    """The current generation and what is stored under `key` (one round trip)."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _start_generation()
    return generation, found.get(key)


def _start_generation() -> int:
    """First use, or the key was evicted. A start from the clock is unlike every
    generation before it, so nothing stored earlier matches."""
    fresh = time.time_ns()
    generation = fresh if cache.add(GENERATION_KEY, fresh, None) else cache.get(GENERATION_KEY)
    return fresh if generation is None else generation


def _bump_generation() -> bool:
    """Make every cached page and fragment stale. False if the cache could not be told:
    then this process serves nothing from the cache until a later try succeeds (at its
    next request), and other processes' copies expire within PUBLIC_PAGE_CACHE_SECONDS."""
    global _bump_pending
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            # None yet, evicted, or an unavailable cache (config/cache.py answers as an
            # empty one). A start from the clock is unlike every generation before it.
            if not cache.add(GENERATION_KEY, time.time_ns(), None):
                cache.incr(GENERATION_KEY)  # made meanwhile by another process
    except Exception as error:
        if _bump_pending:
            return False  # still failing: said once already, not at every request
        _bump_pending = True
        logger.error(
            "Could not mark cached public pages stale (%s: %s); trying again at the next "
            "request, and they expire within %s s",
            type(error).__name__,
            error,
            max_age(),
        )
        return False
    _bump_pending = False
    return True


def public_pages_changed() -> None:
    """Something public pages show has changed: every cached page and fragment is
    stale once the current transaction commits (at once outside a transaction).

    Called for pages published, unpublished, moved or deleted, view restrictions,
    site settings, taxonomy, opportunities closing and places being filled."""
    transaction.on_commit(_bump_generation)


def _hashed(prefix: str, *parts: str) -> str:
    return f"page-cache:{prefix}:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def normalised_query(request) -> str:
    """The query string with its parameters in sorted order (the values of one
    parameter keep theirs), so `?b=2&a=1` and `?a=1&b=2` share an entry."""
    return urlencode(sorted(request.GET.lists()), doseq=True)


def public_fragment(
    name: str, compute: Callable[[], T], keep: Callable[[T], bool] | None = None
) -> T:
    """`compute()`, kept until public pages change or PUBLIC_PAGE_CACHE_SECONDS pass.

    For what a page shows that does not depend on who is asking beyond what `name`
    says (the menu for a host; the listing for a query and a set of groups). The value
    must pickle. Computed afresh when the cache is off or failing. With `keep`, only a
    value it accepts is stored (so that made-up queries cannot fill the cache)."""
    if not _usable():
        return compute()
    key = _hashed("fragment", name)
    try:
        generation, entry = _read(key)
    except Exception as error:
        _failed(error)
        return compute()
    if entry is not None and entry[0] == generation:
        return entry[1]
    # Before computing: a value computed across midnight must not outlive it.
    timeout = _timeout()
    value = compute()
    if keep is not None and not keep(value):
        return value
    try:
        cache.set(key, (generation, value), timeout)
    except Exception as error:
        _failed(error)
    return value


def people_changed(*user_ids: int | None) -> None:
    """What these people's own pages show has changed: their cached fragments are
    stale once the current transaction commits (at once outside a transaction)."""
    ids = sorted({pk for pk in user_ids if pk is not None})
    if ids:
        transaction.on_commit(lambda: _bump_people(ids))


def _person_key(user_id: int) -> str:
    return f"page-cache:person:{user_id}"


def _bump_people(user_ids: list[int]) -> None:
    try:
        for user_id in user_ids:
            key = _person_key(user_id)
            try:
                cache.incr(key)
            except ValueError:
                # None yet or evicted: nothing stored can match a fresh start.
                if not cache.add(key, time.time_ns(), None):
                    cache.incr(key)
    except Exception as error:
        logger.warning(
            "Could not mark %s people's cached pages stale (%s: %s); marking all stale",
            len(user_ids),
            type(error).__name__,
            error,
        )
        # Everything stale instead; if that fails too, this process serves nothing
        # from the cache until it has said so (_bump_generation).
        _bump_generation()


def personal_fragment(
    user, name: str, compute: Callable[[], T], keep: Callable[[T], bool] | None = None
) -> T:
    """`compute()` (rendered HTML, or any value that pickles) for this signed-in person
    only, kept until something of theirs changes (`people_changed`), public pages
    change, or the usual limits pass.

    One round trip when it is kept. Computed afresh when the cache is off or failing,
    and for anyone not signed in. With `keep`, only a value it accepts is stored (as
    `public_fragment`: made-up queries do not fill the cache)."""
    if not user.is_authenticated or not _usable():
        return compute()
    person_key = _person_key(user.pk)
    key = _hashed("personal", name, str(user.pk), translation.get_language() or "")
    try:
        found = cache.get_many([GENERATION_KEY, person_key, key])
        generation = found.get(GENERATION_KEY)
        version = found.get(person_key)
        if generation is None:
            generation = _start_generation()
        if version is None:
            fresh = time.time_ns()
            version = fresh if cache.add(person_key, fresh, None) else cache.get(person_key)
            if version is None:
                return compute()  # an empty (unavailable) cache: nothing can be kept
    except Exception as error:
        _failed(error)
        return compute()
    stamp = (generation, version)
    entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    timeout = _timeout()
    value = compute()
    if keep is not None and not keep(value):
        return value
    try:
        cache.set(key, (stamp, value), timeout)
    except Exception as error:
        _failed(error)
    return value


def page_allows_caching(page, request, serve_args, serve_kwargs) -> None:
    """Wagtail's `before_serve_page` hook: the one place a response is allowed into
    the cache. Only pages nobody is kept from (no password, group or sign-in
    restriction on them or above them) and only query parameters the page declares."""
    if not getattr(request, "page_cache_candidate", False):
        return  # signed in, or the cache is off: no query spent
    if getattr(request, "is_preview", False):
        return
    if not set(request.GET) <= set(getattr(page, "page_cache_query_params", ())):
        return
    if page.get_view_restrictions().exists():
        return
    request.page_cache_allowed = True


class PageCacheMiddleware:
    """Near the top of MIDDLEWARE (after SecurityMiddleware and WhiteNoise): a hit
    skips everything below, and what is stored is the response as every other
    middleware left it, so a cookie set anywhere below keeps it out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        try:
            generation, entry = _read(key)
        except Exception as error:
            _failed(error)
            return self.get_response(request)
        if entry is not None and entry[0] == generation:
            _generation, body, headers = entry
            response = HttpResponse(zlib.decompress(body), headers=headers)
            response[HEADER] = "hit"
            return response
        request.page_cache_candidate = True
        # Before rendering: a page rendered across midnight must not outlive it.
        timeout = _timeout()
        response = self.get_response(request)
        if self._storable(request, response):
            headers = {k: v for k, v in response.items() if k.lower() != HEADER.lower()}
            try:
                cache.set(key, (generation, zlib.compress(response.content), headers), timeout)
            except Exception as error:
                _failed(error)
        response[HEADER] = "miss"
        return response

    def _key(self, request) -> str | None:
        if request.method not in ("GET", "HEAD") or not _usable():
            return None
        if request.path_info.startswith(NEVER_CACHED):
            return None
        cookies = request.COOKIES
        if cookies.get(settings.SESSION_COOKIE_NAME) or cookies.get(CookieStorage.cookie_name):
            return None
        return _hashed(
            "page",
            request.scheme,
            request.get_host(),
            request.path,
            normalised_query(request),
            translation.get_language_from_request(request),
        )

    def _storable(self, request, response) -> bool:
        user = getattr(request, "user", None)
        return bool(
            request.method == "GET"
            and getattr(request, "page_cache_allowed", False)
            and not getattr(request, "page_cache_refused", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and user is not None
            and not user.is_authenticated
            and not _directives(response.get("Cache-Control")) & PRIVATE_DIRECTIVES
            and _directives(response.get("Vary")) <= VARY_ALLOWED
        )


def _directives(header: str | None) -> set[str]:
    if not header:
        return set()
    return {part.split("=", 1)[0].strip().lower() for part in cc_delim_re.split(header) if part}
