"""Load benchmark: public and signed-in pages under wrk, against gunicorn with production
settings, PostgreSQL and the Redis cache (issue 12, part 3).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/roundtable \\
    CACHE_URL=redis://127.0.0.1:6379/1 make bench          # or: python benchmarks/load.py

What it does, on this machine, with nothing else running:
- makes its own database `<name>_load` beside DATABASE_URL's (dropped first), migrates
  it and loads the demo data (`load_demo_data` is refused under production settings, so
  it runs under config.settings.dev, into the same database);
- collects static files into a temporary folder and starts gunicorn with production
  settings (benchmarks/settings.py: production's, plus one trivial view at
  /_bench/trivial from benchmarks/urls.py), 2 sync workers: the machine it was written
  on has 2 cores, which wrk shares, so more workers would only queue for them. HTTPS is
  left to the proxy as in production: SECURE_PROXY_SSL_HEADER=true, and wrk sends
  `X-Forwarded-Proto: https` (benchmarks/load.lua). ALLOWED_HOSTS is 127.0.0.1, the
  SECRET_KEY is random for the run, the cache is CACHE_URL's (Redis, as in production;
  without it production's database cache), and CELERY_BROKER_URL is passed on when set
  (then /healthz checks the broker too, as in production);
- signs in the demo member (member@example.org, verified email, profile done) by making
  a session under the same settings, as allauth's sign-in would, and checks that their
  account page answers 200 with that cookie;
- requests every page once and stops, saying why, unless it answers 200; then loads
  each with wrk (1-2 threads) for BENCH_LOAD_SECONDS (default 10) at 8 connections, and
  again at 32 for the public pages and the two baselines;
- prints, for each page, req/s, p95 at 8 and at 32 connections, errors (socket errors,
  timeouts and any answer that is not 2xx), the ratio of its req/s to the trivial view's
  AND to /healthz's, how many answers the anonymous page cache says were hits
  (`X-Page-Cache`, where that cache exists; otherwise "-"), and whether its goal holds;
- stops gunicorn and drops the database, also when interrupted.

The goals (issue 12) are stated against /healthz: anonymous home, group and opportunity
pages at least 0.5 of its req/s, the listing 0.3, a signed-in member's account and
applications pages 0.2, no errors, and p95 at 32 connections at most 300 ms for the
public pages. But issue 12 itself made /healthz several times dearer (each probe now
checks every service afresh, with a deadline), which would make those ratios easy. So
the goals are judged against the trivial view, a baseline that does not move, at the
share of it /healthz had when the goals were set (the issue's figures: /healthz
1,084-1,178 req/s, a bare view 2,569-2,664, so 0.43): home at least 0.5 x 0.43 = 0.22
of the trivial view, and so on. The ratio to today's /healthz is printed beside it.

Other settings: BENCH_PORT (default: any free port). The rest of the environment is
passed on to gunicorn as it is (PUBLIC_PAGE_CACHE_SECONDS=0, for one, to measure the
pages uncached where that setting exists). wrk must be installed (`make bench` installs
Debian's package when it is missing).
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.listing_and_shortlist import _bench_database_url  # noqa: E402

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 10))
LUA = Path(__file__).with_name("load.lua")
MEMBER_EMAIL = "member@example.org"  # load_demo_data's member
LISTING_QUERY = "?q=diabetes&where=online&sort=newest"
P95_LIMIT_MS = 300
# /healthz's req/s as a share of a bare view's when the goals were set (issue 12).
HEALTHZ_SHARE_OF_TRIVIAL = 0.43
# (label, key of its path in what --prepare finds, kind, goal as a share of /healthz
# when the goals were set; judged against the trivial view, see above)
PAGES = [
    ("Trivial view", "trivial", "baseline", None),
    ("/healthz", "healthz", "baseline", None),
    ("Home page", "home", "public", 0.5),
    ("Reference group page", "group", "public", 0.5),
    ("Opportunity page", "opportunity", "public", 0.5),
    ("Opportunities listing", "listing", "public", 0.3),
    ("Listing, filtered and searched", "listing_query", "public", 0.3),
    ("Your account (signed in)", "account", "member", 0.2),
    ("Your applications (signed in)", "applications", "member", 0.2),
]


def main() -> None:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is not installed: `make bench` installs it (apt-get install wrk).")
    database = _bench_database_url("_load")
    run = secrets.token_hex(4)
    folder = Path(tempfile.mkdtemp(prefix=f"roundtable-load-{run}-"))
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"} | {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": database,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "true",
        "BENCH_STATIC_ROOT": str(folder / "static"),
        "BENCH_RUN": run,
    }
    server = None
    # Stopped by a signal: still stop gunicorn and drop the database (the finally below).
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda number, _frame: sys.exit(128 + number))
    try:
        started = time.perf_counter()
        manage = [sys.executable, "manage.py"]
        _run([*manage, "migrate", "--noinput"], env, "migrate")
        demo_env = {
            key: value
            for key, value in env.items()
            if key not in ("CACHE_URL", "REDIS_URL", "CELERY_BROKER_URL")
        } | {"DJANGO_SETTINGS_MODULE": "config.settings.dev"}
        _run([*manage, "load_demo_data"], demo_env, "load_demo_data (development settings)")
        _run([*manage, "collectstatic", "--noinput", "-v0"], env, "collectstatic")
        found = json.loads(_run([sys.executable, __file__, "--prepare"], env, "sign-in"))
        port = int(os.environ.get("BENCH_PORT") or _free_port())
        log = folder / "gunicorn.log"
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, arguments fixed here
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
                f"--error-logfile={log}",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,  # its own process group, stopped whole at the end
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(server, port, log)
        print(
            f"Ready in {time.perf_counter() - started:.0f} s: gunicorn (2 workers, production "
            f"settings) on 127.0.0.1:{port}, database {urlsplit(database).path[1:]}, cache "
            f"{'CACHE_URL (Redis)' if env.get('CACHE_URL') else 'database (no CACHE_URL)'}, "
            f"{SECONDS} s per page and pass.",
            flush=True,
        )
        cookie = found["cookie"]
        for label, key, kind, _goal in PAGES:
            _check(port, found[key], cookie if kind == "member" else None, label, log)
        results = {}
        for connections in (8, 32):
            for label, key, kind, _goal in PAGES:
                if connections == 32 and kind == "member":
                    continue
                figures = _wrk(
                    wrk, port, found[key], connections, cookie if kind == "member" else ""
                )
                results[(key, connections)] = figures
                print(
                    f"  c={connections:<3}{label:<32}{figures['rate']:>8.0f} req/s"
                    f"  p95 {figures['p95_ms']:>7.1f} ms  errors {figures['errors']}",
                    flush=True,
                )
        _report(results)
    finally:
        if server is not None:
            _stop(server)
        _drop_database(database)
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], env: dict, what: str) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        sys.exit(f"{what} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, cookie: str | None) -> http.client.HTTPResponse:
    """One request as wrk makes them (through the proxy's header); redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Forwarded-Proto": "https"} | ({"Cookie": cookie} if cookie else {})
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _wait_for(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {server.returncode}):\n{_tail(log)}")
        try:
            _get(port, "/healthz", None)
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within 60 s:\n{_tail(log)}")


def _check(port: int, path: str, cookie: str | None, label: str, log: Path) -> None:
    """Each page must answer 200 before it is loaded: a redirect to the sign-in page or a
    500 would be measured as if it were the page."""
    response = _get(port, path, cookie)
    if response.status != 200:
        where = response.getheader("Location")
        sys.exit(
            f"{label} ({path}) answered {response.status}"
            f"{f', to {where}' if where else ''}, not 200: not loading it.\n{_tail(log)}"
        )
    cache = _get(port, path, cookie).getheader("X-Page-Cache")
    if cache:
        print(f"  {label}: X-Page-Cache {cache} on the second request", flush=True)


def _wrk(wrk: str, port: int, path: str, connections: int, cookie: str) -> dict:
    done = subprocess.run(  # noqa: S603 - wrk, with arguments made here
        [
            wrk,
            f"--threads={min(2, connections)}",
            f"--connections={connections}",
            f"--duration={SECONDS}s",
            "--timeout=10s",
            f"--script={LUA}",
            f"http://127.0.0.1:{port}{path}",
        ],
        env=os.environ | {"BENCH_COOKIE": cookie},
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if done.returncode or line is None:
        sys.exit(f"wrk failed on {path}:\n{done.stdout}{done.stderr}")
    figures = json.loads(line.removeprefix("BENCH_RESULT "))
    figures["rate"] = figures["requests"] / figures["seconds"]
    socket_errors = sum(figures[k] for k in ("connect", "read", "write", "timeout"))
    figures["errors"] = socket_errors + figures["not_2xx"]
    return figures


def _report(results: dict) -> None:
    trivial = results[("trivial", 8)]["rate"]
    healthz = results[("healthz", 8)]["rate"]
    print(
        f"\nreq/s and p95 at 8 connections; p95 at 32 for the public pages; errors in both; "
        f"ratios of req/s at 8.\n{'Page':<32}{'req/s':>8}{'p95 ms':>8}{'p95@32':>8}"
        f"{'errors':>8}{'×trivial':>9}{'×healthz':>9}{'cache hits':>12}  goal (×trivial)"
    )
    met = total = 0
    for label, key, kind, goal in PAGES:
        at8, at32 = results[(key, 8)], results.get((key, 32))
        errors = at8["errors"] + (at32["errors"] if at32 else 0)
        ratio = at8["rate"] / healthz
        of_trivial = at8["rate"] / trivial
        hits = sum(r["cache_hits"] for r in (at8, at32) if r)
        answers = sum(r["cache_hits"] + r["cache_misses"] for r in (at8, at32) if r)
        verdict = ""
        if goal is not None:
            missed = []
            goal_of_trivial = goal * HEALTHZ_SHARE_OF_TRIVIAL
            if of_trivial < goal_of_trivial:
                missed.append(f"req/s {of_trivial:.2f} < {goal_of_trivial:.2f}")
            if errors:
                missed.append("errors")
            if kind == "public" and at32["p95_ms"] > P95_LIMIT_MS:
                missed.append(f"p95@32 > {P95_LIMIT_MS} ms")
            total += 1
            met += not missed
            target = f"≥ {goal_of_trivial:.2f} (= {goal} × {HEALTHZ_SHARE_OF_TRIVIAL})" + (
                f", p95@32 ≤ {P95_LIMIT_MS}" if kind == "public" else ""
            )
            verdict = f"{target}: " + ("yes" if not missed else "NO (" + "; ".join(missed) + ")")
        p95_at_32 = f"{at32['p95_ms']:.1f}" if at32 else "-"
        cache = f"{hits}/{answers}" if answers else "-"
        print(
            f"{label:<32}{at8['rate']:>8.0f}{at8['p95_ms']:>8.1f}{p95_at_32:>8}{errors:>8}"
            f"{of_trivial:>9.2f}{ratio:>9.2f}{cache:>12}  {verdict}"
        )
    print(
        f"Goals met: {met} of {total}. The goals are the issue's shares of /healthz, judged "
        f"against the trivial view at /healthz's share of it then ({HEALTHZ_SHARE_OF_TRIVIAL}); "
        "the ratio to today's /healthz is shown too. The machine's cores are shared "
        "by wrk, gunicorn, PostgreSQL and Redis, and by anything else running."
    )


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # the group gunicorn leads: its workers too
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path[1:]}" WITH (FORCE)')


def _tail(log: Path) -> str:
    return log.read_text()[-3000:] if log.exists() else ""


def prepare() -> None:
    """Under the benchmark's settings and database: the paths to load, and the demo
    member's session cookie (printed as JSON for main())."""
    import django

    django.setup()
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from members.models import ReferenceGroupPage, User
    from opportunities.models import OpportunityIndexPage, OpportunityPage

    def path(page) -> str:
        return urlsplit(page.get_url()).path

    member = User.objects.get(email=MEMBER_EMAIL)
    client = Client()
    # What allauth's sign-in leaves in the session: the user, and how they proved it.
    client.force_login(member, backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": member.email}
    ]
    session["account_authentication_methods_user"] = str(member.pk)
    session.save()
    listing = path(OpportunityIndexPage.objects.live().public().first())
    found = {
        "trivial": "/_bench/trivial",
        "healthz": "/healthz",
        "home": "/",
        "group": path(ReferenceGroupPage.objects.live().public().order_by("pk").first()),
        "opportunity": path(OpportunityPage.objects.live().public().order_by("pk").first()),
        "listing": listing,
        "listing_query": listing + LISTING_QUERY,
        "account": reverse("members:account"),
        "applications": reverse("opportunities:applications"),
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    }
    print(json.dumps(found))


if __name__ == "__main__":
    if "--prepare" in sys.argv:
        prepare()
    else:
        main()
