"""Signing up and in, in our own words (issue 14, item 4): sentence case and British
spelling, one message per field linked from the error summary, a code that can be sent
again and signs the person in, "next" kept through it all, and the organisation's name
in the emails, never the host's."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from home.models import OrganisationSettings
from members.models import User

PASSWORD = "a-long-enough-passphrase"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en_GB" / "LC_MESSAGES"

# What people met before: allauth's defaults.
BAD_WORDING = [
    "Sign Up",
    "Sign In",
    "Sign Out",
    "Signup",
    "Remember Me",
    "Verify Your Email Address",
    "finalize",
    "Password Reset",
    "Change Password",
    "Email Addresses",
    "Confirm Access",
    "Make Primary",
    "Re-send",
    "This field is required.",
    "Please contact us",
    "and/or",
]


class _Words(HTMLParser):
    """The text of the title, headings, labels, legends and buttons of a page."""

    TAGS = {"title", "h1", "h2", "label", "legend", "button"}

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        # A tag ("Confirmed") inside a label is a phrase of its own.
        if tag in self.TAGS or "nhsuk-tag" in (dict(attrs).get("class") or ""):
            self.open.append(tag)
            self.found.append("")

    def handle_endtag(self, tag):
        if self.open and tag == self.open[-1]:
            self.open.pop()

    def handle_data(self, data):
        if self.open:
            self.found[-1] += data


def page_words(html: str) -> list[str]:
    parser = _Words()
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.found if text.strip()]


def title_case_words(text: str) -> list[str]:
    """Capitalised words after the first that are not names we use on purpose."""
    text = text.split(" – ")[0]  # the title's " – Roundtable"
    text = re.sub(r"^Error: ", "", text)
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    allowed = {"Roundtable", "I", "NHS", "KMTR-WXZB"}
    return [w for w in words[1:] if w[0].isupper() and w not in allowed]


def assert_plain_words(html: str) -> None:
    for bad in BAD_WORDING:
        assert bad not in html, bad
    for text in page_words(html):
        assert title_case_words(text) == [], text


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def post(url="/accounts/signup/", **overrides):
        data = {
            "name": "Amara Okafor",
            "email": "amara@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "account_type": "member",
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def code_in(message) -> str:
    return re.search(r"^([A-Z]{4}-[A-Z]{4})$", message.body, re.M).group(1)


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = html[html.index("nhsuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


@pytest.mark.django_db
def test_a_blank_sign_up_names_each_field_in_the_summary_and_links_to_it(client):
    response = client.post("/accounts/signup/", {})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Error: Create an account – ", html)
    assert html.count("Error: Create an account") == 1
    assert summary_links(html) == [
        ("id_name", "Enter your full name"),
        ("id_email", "Enter your email address"),
        ("id_password1", "Enter a password"),
        ("id_password2", "Enter the password again"),
        ("id_account_type_0", "Select how you are joining"),
    ]
    assert "This field is required." not in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_email_address_in_the_wrong_format_says_what_the_right_one_looks_like(sign_up):
    html = sign_up(email="amara.example.org").content.decode()
    assert (
        "id_email",
        "Enter an email address in the correct format, like name@example.com",
    ) in summary_links(html)
    assert 'value="amara.example.org"' in html  # kept, to correct
    # Only these forms' fields: Django's shared validator keeps its own message.
    from django.core.validators import validate_email

    assert "name@example.com" not in str(validate_email.message)


@pytest.mark.django_db
def test_passwords_that_differ_say_how_to_put_it_right(sign_up):
    html = sign_up(password2="another-long-passphrase").content.decode()
    assert (
        "id_password2",
        "The passwords do not match. Enter the same password in both boxes",
    ) in summary_links(html)


@pytest.mark.django_db
def test_a_blank_sign_in_names_each_field(client):
    html = client.post("/accounts/login/", {}).content.decode()
    assert summary_links(html) == [
        ("id_login", "Enter your email address"),
        ("id_password", "Enter your password"),
    ]


@pytest.mark.django_db
def test_the_code_page_offers_a_new_code_and_the_new_one_works(
    client, sign_up, django_capture_on_commit_callbacks
):
    sign_up()
    first = code_in(mail.outbox[0])
    page = client.get("/accounts/confirm-email/").content.decode()
    assert "Send a new code" in page
    assert '<a href="/contact/">contact us</a>' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/confirm-email/", {"action": "resend"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    second = code_in(mail.outbox[1])
    assert second != first

    # The old code no longer works; the message says what to do, linked to the field.
    html = client.post("/accounts/confirm-email/", {"code": first}).content.decode()
    assert re.search(r"<title>Error: Check your email – ", html)
    assert summary_links(html) == [
        (
            "id_code",
            "The code is not right. Check the email and enter the code again, or ask for a new one",
        )
    ]
    response = client.post("/accounts/confirm-email/", {"code": second.lower()})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk


@pytest.mark.django_db
def test_a_blank_code_says_to_enter_it(client, sign_up):
    sign_up()
    html = client.post("/accounts/confirm-email/", {"code": ""}).content.decode()
    assert summary_links(html) == [("id_code", "Enter the code from the email")]


@pytest.mark.django_db
def test_applying_signing_up_and_entering_the_code_lands_on_the_application(client, sign_up):
    from opportunities.factories import opportunity_create

    opportunity = opportunity_create(title="Help shape a diabetes leaflet")
    apply_url = f"/apply/{opportunity.pk}/"
    # Anonymous: the opportunity's button goes to sign-in, with where to go next.
    page = client.get(opportunity.url).content.decode()
    assert f'href="/accounts/login/?next={apply_url}"' in page
    login_page = client.get(f"/accounts/login/?next={apply_url}").content.decode()
    signup_url = re.search(r'href="(/accounts/signup/\?next=[^"]+)"', login_page).group(1)
    signup_page = client.get(signup_url).content.decode()
    assert f'<input type="hidden" name="next" value="{apply_url}">' in signup_page

    response = sign_up(url=signup_url, next=apply_url)
    assert response["Location"] == "/accounts/confirm-email/"
    # The code page needs no "next" of its own: it was kept with the sign-up.
    response = client.post("/accounts/confirm-email/", {"code": code_in(mail.outbox[0])})
    assert response.status_code == 302
    assert response["Location"] == apply_url
    apply_page = client.get(apply_url)
    assert apply_page.status_code == 200
    assert "Help shape a diabetes leaflet" in apply_page.content.decode()


@pytest.mark.django_db
def test_the_emails_name_the_organisation_not_the_host(
    client, sign_up, member, django_capture_on_commit_callbacks
):
    organisation = OrganisationSettings.for_default_site()
    organisation.name = "Northshire Health Research"
    organisation.save()
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    sign_up()
    (message,) = mail.outbox
    assert "Northshire Health Research" in message.subject
    assert "Northshire Health Research" in message.body
    assert "127.0.0.1" not in message.subject + message.body
    assert not re.search(
        r"[A-Z][a-z]+ [A-Z][a-z]+ [A-Z]", message.subject.replace("Northshire Health Research", "")
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": member.email})
    (reset,) = mail.outbox
    assert reset.subject == "Reset your password for Northshire Health Research"
    # The link needs the host; nothing else names it.
    assert "127.0.0.1" not in reset.body.replace(
        re.search(r"https?://\S+", reset.body).group(0), ""
    )
    assert "From the team at Northshire Health Research" in reset.body


@pytest.mark.django_db
def test_the_entrance_pages_speak_plain_british_english(client, sign_up, member):
    pages = {}
    for url in (
        "/accounts/signup/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
    ):
        pages[url] = client.get(url).content.decode()
    pages["blank sign-up"] = client.post("/accounts/signup/", {}).content.decode()
    pages["blank sign-in"] = client.post("/accounts/login/", {}).content.decode()
    pages["wrong password"] = client.post(
        "/accounts/login/", {"login": member.email, "password": "not-it"}
    ).content.decode()
    sign_up()
    pages["code"] = client.get("/accounts/confirm-email/").content.decode()
    assert '<a href="/contact/">contact us</a>' in pages["/accounts/password/reset/done/"]
    pages["blank code"] = client.post("/accounts/confirm-email/", {}).content.decode()
    client.force_login(member)
    for url in (
        "/accounts/logout/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/reauthenticate/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    for name, html in pages.items():
        try:
            assert_plain_words(html)
        except AssertionError as problem:
            raise AssertionError(f"{name}: {problem}") from None


def test_the_word_check_finds_title_case():
    # Guards the test above: it must catch what people used to see.
    assert title_case_words("Verify Your Email Address") == ["Your", "Email", "Address"]
    assert title_case_words("Create an account – Roundtable") == []


@pytest.mark.django_db
def test_allauths_own_messages_come_from_our_catalogue():
    with translation.override("en-gb"):
        assert translation.gettext("Remember Me") == "Remember me"
        assert translation.gettext("Incorrect code.").startswith("The code is not right.")
        assert "finalise" not in translation.gettext("Verify Your Email Address")
        assert translation.gettext("Verify Your Email Address") == "Confirm your email address"


def _po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (singular entries), enough to compare with the .mo."""
    entries, key, current = {}, None, {}
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith(("msgid ", "msgstr ")):
            key = line.split(" ", 1)[0]
            current[key] = line.split(" ", 1)[1][1:-1]
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
        elif not line.strip():
            if current.get("msgid") and "msgstr" in current:  # plurals: not compared
                decode = lambda s: s.encode().decode("unicode_escape").encode("latin-1").decode()  # noqa: E731
                entries[decode(current["msgid"])] = decode(current.get("msgstr", ""))
            key, current = None, {}
        else:
            key = None if line.startswith("#") else key
    return entries


def test_the_committed_mo_file_matches_the_po_file():
    # A fresh clone uses django.mo as committed (no gettext needed): it must say what
    # django.po says. After editing the .po: msgfmt --check -o django.mo django.po
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    written = _po_entries(CATALOGUE / "django.po")
    assert len(written) > 100
    for msgid, msgstr in written.items():
        assert catalogue.gettext(msgid) == msgstr, msgid


@pytest.mark.django_db
def test_a_sign_in_before_confirming_sends_a_code_until_the_limit_says_to_wait(
    client, sign_up, django_capture_on_commit_callbacks
):
    sign_up()  # the first code
    client.logout()
    for sent in (2, 3):  # each sign-in before confirming sends another, up to three
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/accounts/login/", {"login": "amara@example.org", "password": PASSWORD}
            )
        assert response["Location"] == "/accounts/confirm-email/"
        assert len(mail.outbox) == sent
    html = client.post(
        "/accounts/login/", {"login": "amara@example.org", "password": PASSWORD}
    ).content.decode()
    assert summary_links(html) == [
        ("id_login", "You have tried too many times. Wait a few minutes, then try again")
    ]
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_a_limit_reached_gives_a_plain_page_saying_what_to_do(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    client.post("/accounts/signup/", {})
    response = client.post("/accounts/signup/", {})
    html = response.content.decode()
    assert response.status_code == 429
    assert re.search(r"<title>You have tried too many times – ", html)
    assert "Wait a few minutes, then try again." in html
    assert '<a href="/contact/">contact us</a>' in html
    assert "Too Many Requests" not in html
