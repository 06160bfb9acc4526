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

# On our own pages, also everything inside a landmark (axe's best-practice `region`
# rule): a screen reader user moving by landmark misses anything outside them (issue 14
# found the back link there). Not on Wagtail's admin, whose markup is not ours.
AXE_OPTIONS_PUBLIC = {
    **AXE_OPTIONS,
    "rules": {**AXE_OPTIONS["rules"], "region": {"enabled": True}},
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def axe_check():
    """Scan the page now; fail with axe's own report if anything is found."""
    axe = Axe()
    scanned = []

    def check(page):
        ours = "/admin/" not in page.url
        results = axe.run(page, options=AXE_OPTIONS_PUBLIC if ours else AXE_OPTIONS)
        scanned.append(page.url)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    check.scanned = scanned
    return check
