import os

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API leaves an event loop in the test thread for the whole session;
# Django's ORM (and the database flush after transactional tests) then refuses to run
# unless told this is fine. It is: the loop is Playwright's. Subprocess tests drop the
# variable again (tests/helpers.py), since `check --deploy` rightly rejects it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium tries to reach Google's servers from a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    # WCAG 2.2's target size (2.5.8) is off in axe by default.
    "rules": {"target-size": {"enabled": True}},
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


def _axe_checker(options):
    """A callable that scans the page now and fails with axe's own report if anything
    is found; `.scanned` lists the pages it scanned."""
    axe = Axe()
    scanned = []

    def check(page):
        results = axe.run(page, options=options)
        scanned.append(page.url)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
        return results

    check.scanned = scanned
    return check


@pytest.fixture
def axe_check():
    """Scan the page now; fail with axe's own report if anything is found."""
    return _axe_checker(AXE_OPTIONS)


# axe runs `region` (everything inside a landmark) only when asked: a best practice.
AXE_REGION_OPTIONS = {**AXE_OPTIONS, "rules": {**AXE_OPTIONS["rules"], "region": {"enabled": True}}}


@pytest.fixture
def axe_region():
    """axe_check with the `region` rule too, for the pages a journey says it covers."""
    check = _axe_checker(AXE_REGION_OPTIONS)

    def check_region(page):
        results = check(page)
        ran = {r["id"] for kind in ("passes", "violations") for r in results.response[kind]}
        assert "region" in ran, "axe did not run the region rule"

    check_region.scanned = check.scanned
    return check_region
