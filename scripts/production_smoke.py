"""The client half of scripts/production_smoke.sh: a new member and the first admin use
a running Roundtable over HTTPS, as people would, with the standard library only.

It signs up, waits for the verification email to arrive at the SMTP sink (sent by the
Celery worker, not by the web process), enters its code (which confirms the address
and signs the member in), answers the profile questions, applies for the opportunity
`manage.py opportunity_create` made, sees the application listed, and checks /healthz;
then signs in as the admin that `manage.py staff_account_create` made and is asked to
set up two-factor authentication.
Each check is printed with its time; the first failure stops the run with exit status 1.
"""

import argparse
import email
import email.policy
import http.cookiejar
import json
import mailbox
import os
import re
import secrets
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser

MAIL_WAIT_SECONDS = 60
# Seconds the first /healthz may take to say 200: the server has just started.
FIRST_HEALTH_PATIENCE = 10.0
HASHED_STATIC = re.compile(r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"')


class SmokeFailure(Exception):
    pass


def check(condition, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


# --- Pages and forms ------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)  # (name, type, value, checked)
    buttons: list = field(default_factory=list)  # text of each submit button

    def names(self) -> set[str]:
        return {name for name, *_ in self.fields}

    def values(self) -> list[tuple[str, str]]:
        """What a browser sends without any changes: hidden and text values, checked
        boxes and radios, selected options."""
        sent = []
        for name, kind, value, checked in self.fields:
            if kind in ("checkbox", "radio") and not checked:
                continue
            if kind in ("submit", "button", "reset", "file", "image"):
                continue
            sent.append((name, value))
        return sent

    def choices(self, name: str) -> list[str]:
        return [value for n, kind, value, _c in self.fields if n == name]


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[tuple[str, str]] = []
        self._form: Form | None = None
        self._link: list | None = None
        self._textarea: list | None = None
        self._select: str | None = None
        self._button: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif tag == "a" and "href" in a:
            self._link = [a["href"], ""]
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            self._form.fields.append((a["name"], kind, value, "checked" in a))
        elif tag == "input" and a.get("type") == "submit":
            self._form.buttons.append(a.get("value", ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            self._form.fields.append((self._select, "option", a.get("value", ""), "selected" in a))
        elif tag == "button":
            self._button = [a.get("type", "submit"), ""]

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data
        if self._textarea is not None:
            self._textarea[1] += data
        if self._button is not None:
            self._button[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form.fields.append((name, "textarea", text, True))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "button" and self._button is not None:
            if self._form is not None and self._button[0] == "submit":
                self._form.buttons.append(" ".join(self._button[1].split()))
            self._button = None


@dataclass
class Page:
    status: int
    url: str
    headers: object
    body: bytes

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def _parsed(self) -> PageParser:
        parser = PageParser()
        parser.feed(self.text)
        return parser

    def form(self, *, button: str) -> Form:
        """The POST form whose submit button says `button`."""
        for candidate in self._parsed().forms:
            if candidate.method == "post" and button in candidate.buttons:
                return candidate
        raise SmokeFailure(f"{self.path}: no form with a {button!r} button")

    def link(self, text: str | None = None, *, href: re.Pattern | None = None) -> str:
        for target, label in self._parsed().links:
            if text is not None and label == text:
                return target
            if href is not None and href.search(target):
                return target
        raise SmokeFailure(f"{self.path}: no link {text or href.pattern!r}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: cookies, HTTPS against the run's own certificate, the
    Origin and Referer headers Django's CSRF check asks of HTTPS form posts."""

    def __init__(self, base_url: str, context: ssl.SSLContext):
        self.base = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        handlers = [
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.cookies),
        ]
        self.opener = urllib.request.build_opener(*handlers)
        self.no_redirect = urllib.request.build_opener(*handlers, NoRedirect)

    def _open(self, request, *, follow: bool) -> Page:
        opener = self.opener if follow else self.no_redirect
        try:
            with opener.open(request, timeout=30) as response:
                return Page(response.status, response.geturl(), response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.geturl(), error.headers, error.read())

    def url(self, path: str) -> str:
        return path if path.startswith("https://") else self.base + path

    def _request(self, url: str, **kwargs) -> urllib.request.Request:
        # Only the site under test, over HTTPS: never a file: or other scheme.
        check(url.startswith(self.base + "/"), f"{url} is not on {self.base}")
        return urllib.request.Request(url, **kwargs)  # noqa: S310 (checked above)

    def get(self, path: str, *, follow: bool = True) -> Page:
        return self._open(self._request(self.url(path)), follow=follow)

    def submit(self, page: Page, form: Form, answers: dict, *, follow: bool = True) -> Page:
        """Send `form` as a browser would, with `answers` in place of what it holds."""
        data = [(name, value) for name, value in form.values() if name not in answers]
        for name, value in answers.items():
            for one in value if isinstance(value, list) else [value]:
                data.append((name, one))
        target = urllib.parse.urljoin(page.url, form.action or page.url)
        request = self._request(
            target,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Origin": self.base, "Referer": page.url},
            method="POST",
        )
        return self._open(request, follow=follow)

    def cookie(self, name: str) -> http.cookiejar.Cookie | None:
        return next((c for c in self.cookies if c.name == name), None)


# --- The mail server's side ----------------------------------------------------------------


def message_text(message) -> str:
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    part = parsed.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def wait_for_email(maildir: str, to: str, subject: re.Pattern) -> tuple[object, str]:
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    box = mailbox.Maildir(maildir, create=False)
    while time.monotonic() < deadline:
        for message in box:
            if to in (message.get("To") or "") and subject.search(message.get("Subject") or ""):
                return message, message_text(message)
        time.sleep(0.2)
    raise SmokeFailure(
        f"no email to {to} with a subject like {subject.pattern!r} reached the SMTP sink "
        f"within {MAIL_WAIT_SECONDS} s"
    )


def sent_by_worker(worker_log: str) -> int:
    """How many emails the Celery worker sent: send_notification tasks that ended "sent"."""
    with open(worker_log, encoding="utf-8", errors="replace") as log:
        return len(
            re.findall(
                r"Task home\.send_notification\[[^\]]+\] succeeded in [\d.]+s: 'sent'",
                log.read(),
            )
        )


# --- The journey ----------------------------------------------------------------------------


PROFILE_ANSWERS = {
    # Step slug → answers by field name ("first" takes the first choice offered).
    "about": {"preferred_name": "Sam"},
    "experience": {"topics": "first"},
    "skills": {"skills": "first"},
    "taking-part": {"formats": "first", "availability": "first"},
    "access": {},
    "payment": {"payment_preference": "voucher"},
    "updates": {"updates": "each"},
    "privacy": {"agree": "on"},
}


class Smoke:
    def __init__(self, options):
        self.options = options
        context = ssl.create_default_context(cafile=options.cafile)
        self.context = context
        self.member = Browser(options.base_url, context)
        self.done: list[tuple[str, float]] = []
        self.email = f"smoke-{secrets.token_hex(4)}@example.org"
        self.password = secrets.token_urlsafe(18)

    def run(self, name: str, step) -> None:
        started = time.monotonic()
        try:
            step()
        except SmokeFailure as failure:
            raise SmokeFailure(f"{name}: {failure}") from None
        self.done.append((name, time.monotonic() - started))
        print(f"  ok  {name} ({time.monotonic() - started:.1f} s)", flush=True)

    def health(self, *, patience: float = 0.0) -> None:
        """/healthz says 200 with every check ok; asked again for up to `patience`
        seconds while it does not (each check has 1.5 s, a tight fit for a server that
        has only just started on a busy machine)."""
        expected = {"database": "ok", "static": "ok", "broker": "ok", "cache": "ok"}
        deadline = time.monotonic() + patience
        while True:
            page = self.member.get("/healthz")
            if page.status == 200 and json.loads(page.text)["checks"] == expected:
                return
            if time.monotonic() >= deadline:
                break
            time.sleep(0.5)
        check(page.status == 200, f"/healthz answered {page.status}: {page.text[:300]}")
        answer = json.loads(page.text)
        check(answer["checks"] == expected, f"/healthz checks are {answer['checks']}")

    def first_health(self) -> None:
        self.health(patience=FIRST_HEALTH_PATIENCE)

    def home(self) -> None:
        page = self.member.get("/")
        check(page.status == 200, f"the home page answered {page.status}")
        check(page.path == "/", f"the home page went to {page.url}")
        check(
            "max-age=" in (page.headers.get("Strict-Transport-Security") or ""),
            "no HSTS header on the home page",
        )
        check(
            "Smoke Test Health Research" in page.text,
            "the home page does not show the organisation's name from site_setup",
        )
        assets = HASHED_STATIC.findall(page.text)
        check(assets, "the home page names no hashed static file (collectstatic's manifest)")
        for asset in assets:
            answer = self.member.get(asset)
            check(answer.status == 200, f"{asset} answered {answer.status}")
            check(answer.body, f"{asset} is empty")

    def sign_up(self) -> None:
        page = self.member.get("/accounts/signup/")
        check(page.status == 200, f"the sign-up page answered {page.status}")
        csrf = self.member.cookie("csrftoken")
        check(csrf is not None and csrf.secure, "the CSRF cookie is missing or not Secure")
        form = page.form(button="Create account")
        answer = self.member.submit(
            page,
            form,
            {
                "name": "Sam Smoke-Tester",
                "email": self.email,
                "password1": self.password,
                "password2": self.password,
                "account_type": "member",
            },
        )
        self.signed_up = time.monotonic()
        check(
            answer.status == 200 and answer.path == "/accounts/confirm-email/",
            f"signing up ended at {answer.path} ({answer.status}): {answer.text[:300]}",
        )

    def verify(self) -> None:
        message, body = wait_for_email(
            self.options.maildir, self.email, re.compile(r"confirm|verify|email", re.I)
        )
        waited = time.monotonic() - self.signed_up
        print(f"      at the sink {waited:.1f} s after the sign-up page answered")
        # The worker logs the task once it has returned, just after the sink has the email.
        deadline = time.monotonic() + 10
        while sent_by_worker(self.options.worker_log) < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        check(
            sent_by_worker(self.options.worker_log) >= 1,
            "the Celery worker's log shows no email sent (send_notification ending 'sent'): "
            "the email did not go through the worker",
        )
        code = re.search(r"^([A-Z]{4}-[A-Z]{4})\s*$", body, re.M)
        check(code, f"no code in the verification email: {body[:300]}")
        check(
            self.member.base.split("://", 1)[1] not in body,
            "the verification email names the host, not the organisation",
        )
        page = self.member.get("/accounts/confirm-email/")
        check(page.status == 200, f"the page for the code answered {page.status}")
        answer = self.member.submit(
            page, page.form(button="Confirm email address"), {"code": code.group(1)}
        )
        check(
            answer.path == "/account/",
            f"entering the code ended at {answer.path} ({answer.status}), not signed in",
        )

    def sign_in(self, browser: Browser, email_address: str, password: str, **kw) -> Page:
        page = browser.get("/accounts/login/")
        check(page.status == 200, f"the sign-in page answered {page.status}")
        return browser.submit(
            page, page.form(button="Sign in"), {"login": email_address, "password": password}, **kw
        )

    def member_signed_in(self) -> None:
        page = self.member.get("/account/")
        check(
            page.status == 200 and page.path == "/account/",
            f"the account page ended at {page.path} ({page.status})",
        )
        check("Your account" in page.text, "the account page does not say 'Your account'")
        session = self.member.cookie("sessionid")
        check(session is not None and session.secure, "the session cookie is not Secure")

    def profile(self) -> None:
        account = self.member.get("/account/")
        page = self.member.get(account.link("Tell us about yourself"))
        for _ in range(len(PROFILE_ANSWERS) + 1):
            slug = page.path.rstrip("/").rsplit("/", 1)[-1]
            if slug not in PROFILE_ANSWERS:
                break
            check(page.status == 200, f"profile page {page.path} answered {page.status}")
            form = page.form(button="Continue")
            answers = {}
            for name, value in PROFILE_ANSWERS[slug].items():
                choices = form.choices(name)
                check(choices, f"{page.path} has no field {name!r}")
                answers[name] = choices[0] if value == "first" else value
            page = self.member.submit(page, form, answers)
        check(page.path == "/profile/", f"the profile questions ended at {page.path}")
        check("Check your answers" in page.text, "no 'Check your answers' page")
        done = self.member.submit(page, page.form(button="Save my profile"), {})
        check(done.path == "/profile/done/", f"saving the profile ended at {done.path}")

    def apply(self) -> None:
        title = self.options.opportunity
        listing = self.member.get("/opportunities/")
        check(listing.status == 200, f"the opportunities listing answered {listing.status}")
        page = self.member.get(listing.link(title))
        check(page.status == 200, f"the opportunity's page answered {page.status}")
        form_page = self.member.get(page.link("Apply for this opportunity"))
        check(form_page.status == 200, f"the application form answered {form_page.status}")
        check_page = self.member.submit(
            form_page,
            form_page.form(button="Continue"),
            {"statement": "I use websites like this every day and can say what is hard."},
        )
        check(check_page.path.endswith("/check/"), f"the answers went to {check_page.path}")
        sent = self.member.submit(check_page, check_page.form(button="Send my application"), {})
        check(
            re.fullmatch(r"/applications/\d+/sent/", sent.path),
            f"sending the application ended at {sent.path} ({sent.status})",
        )
        mine = self.member.get("/applications/")
        check(mine.status == 200, f"'Your applications' answered {mine.status}")
        check(title in mine.text, "'Your applications' does not list the application")
        wait_for_email(self.options.maildir, self.email, re.compile(re.escape(title)))

    def staff(self) -> None:
        staff = Browser(self.options.base_url, self.context)
        password = os.environ["SMOKE_STAFF_PASSWORD"]
        page = self.sign_in(staff, self.options.staff_email, password, follow=False)
        check(page.status == 302, f"the admin's sign-in answered {page.status}: {page.text[:300]}")
        location = page.headers.get("Location", "")
        check("/accounts/login/" not in location, f"the admin's sign-in went back to {location}")
        admin = staff.get("/admin/", follow=False)
        check(admin.status == 302, f"/admin/ answered {admin.status} to the new admin")
        location = admin.headers.get("Location", "")
        check(
            "/accounts/2fa/totp/activate/" in location,
            f"/admin/ sent the new admin to {location}, not to two-factor set-up",
        )
        setup = staff.get(location)
        check(setup.status == 200, f"the two-factor set-up answered {setup.status}")

    def every_email_by_the_worker_and_no_errors(self) -> None:
        # The worker logs each task once it has returned, just after the sink has the email.
        at_sink = len(mailbox.Maildir(self.options.maildir, create=False))
        deadline = time.monotonic() + 10
        while sent_by_worker(self.options.worker_log) < at_sink and time.monotonic() < deadline:
            time.sleep(0.1)
        sent = sent_by_worker(self.options.worker_log)
        check(sent == at_sink, f"the sink has {at_sink} emails but the worker sent {sent}")
        for log in (self.options.gunicorn_log, self.options.worker_log):
            with open(log, encoding="utf-8", errors="replace") as text:
                check("Traceback" not in text.read(), f"{log} holds a traceback")

    def main(self) -> int:
        started = time.monotonic()
        steps = [
            (
                "/healthz answers 200 with database, static, broker and cache ok",
                self.first_health,
            ),
            ("home page, HSTS and its hashed static files", self.home),
            ("sign up as a new member (Secure CSRF cookie)", self.sign_up),
            (
                "verification email through the worker and SMTP; its code signs the member in",
                self.verify,
            ),
            ("signed in (Secure session cookie)", self.member_signed_in),
            ("answer the profile questions", self.profile),
            ("apply for the first opportunity; it is listed; its email arrives", self.apply),
            ("the first admin signs in and is asked to set up two-factor", self.staff),
            ("/healthz still answers 200 with every check ok", self.health),
            (
                "every email at the sink was sent by the worker; no tracebacks logged",
                self.every_email_by_the_worker_and_no_errors,
            ),
        ]
        try:
            for name, step in steps:
                self.run(name, step)
        except SmokeFailure as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
        print(
            f"  {len(self.done)} checks passed in {time.monotonic() - started:.1f} s; "
            f"the Celery worker sent all {sent_by_worker(self.options.worker_log)} emails"
        )
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--cafile", required=True, help="The certificate gunicorn serves.")
    parser.add_argument("--maildir", required=True, help="Where the SMTP sink keeps mail.")
    parser.add_argument("--worker-log", required=True)
    parser.add_argument("--gunicorn-log", required=True)
    parser.add_argument("--staff-email", required=True)
    parser.add_argument("--opportunity", required=True, help="The opportunity's title.")
    return Smoke(parser.parse_args()).main()


if __name__ == "__main__":
    sys.exit(main())
