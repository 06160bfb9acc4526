"""`manage.py staff_account_create`: the first staff account of a new installation, made
without questions, the password never on the command line."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from members import roles
from members.models import User

PASSWORD = "a-long-staff-passphrase-2026"


def create(*args, password: str | None = PASSWORD, monkeypatch=None, stdin: str | None = None):
    if password is None:
        monkeypatch.delenv("STAFF_ACCOUNT_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("STAFF_ACCOUNT_PASSWORD", password)
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("staff_account_create", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_makes_involvement_staff_with_a_verified_address(monkeypatch):
    out = create("--email", "Priya@Example.org", "--name", "Priya Shah", monkeypatch=monkeypatch)

    user = User.objects.get(email__iexact="priya@example.org")
    assert user.name == "Priya Shah"
    assert user.check_password(PASSWORD)
    assert user.has_role(roles.INVOLVEMENT_STAFF)
    assert not user.is_superuser
    assert user.has_perm("wagtailadmin.access_admin")
    address = EmailAddress.objects.get(user=user)
    assert (address.verified, address.primary) == (True, True)
    assert "as involvement staff" in out
    assert ModelLogEntry.objects.filter(
        action="roundtable.staff_account_created", object_id=str(user.pk)
    ).exists()


@pytest.mark.django_db
def test_admin_makes_an_organisation_admin(monkeypatch):
    create("--admin", "--email", "ada@example.org", "--name", "Ada", monkeypatch=monkeypatch)

    user = User.objects.get(email="ada@example.org")
    assert user.is_superuser and user.is_staff
    assert not user.has_role(roles.INVOLVEMENT_STAFF)


@pytest.mark.django_db
def test_reads_the_password_from_standard_input(monkeypatch):
    create(
        "--email",
        "ada@example.org",
        "--name",
        "Ada",
        "--password-stdin",
        password=None,
        monkeypatch=monkeypatch,
        stdin=PASSWORD + "\n",
    )

    assert User.objects.get(email="ada@example.org").check_password(PASSWORD)


@pytest.mark.django_db
def test_the_new_account_signs_in_and_is_asked_for_an_authenticator_app(client, monkeypatch):
    create("--admin", "--email", "ada@example.org", "--name", "Ada", monkeypatch=monkeypatch)

    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")


@pytest.mark.django_db
def test_refuses_an_address_that_has_an_account(member, monkeypatch):
    with pytest.raises(CommandError, match="already has an account"):
        create("--email", "MEMBER@example.org", "--name", "Someone", monkeypatch=monkeypatch)

    assert User.objects.filter(email__iexact="member@example.org").count() == 1
    assert not User.objects.get(email="member@example.org").has_role(roles.INVOLVEMENT_STAFF)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        # Django's checks, in our words (locale/en_GB): each says what to do instead.
        ("short1", "must have at least 10 characters"),
        ("password123", "too common. Choose one that is harder to guess"),
        ("12345678901234", "cannot be only numbers. Add some letters"),
    ],
)
def test_refuses_a_weak_password(monkeypatch, password, message):
    with pytest.raises(CommandError, match=message):
        create(
            "--email",
            "ada@example.org",
            "--name",
            "Ada",
            password=password,
            monkeypatch=monkeypatch,
        )

    assert not User.objects.filter(email="ada@example.org").exists()


@pytest.mark.django_db
def test_refuses_a_password_like_the_address(monkeypatch):
    with pytest.raises(CommandError, match="too similar"):
        create(
            "--email",
            "priya.shah@example.org",
            "--name",
            "Priya",
            password="priya.shah@example",
            monkeypatch=monkeypatch,
        )


@pytest.mark.django_db
def test_refuses_without_a_password(monkeypatch):
    with pytest.raises(CommandError, match="STAFF_ACCOUNT_PASSWORD"):
        create(
            "--email", "ada@example.org", "--name", "Ada", password=None, monkeypatch=monkeypatch
        )

    assert not User.objects.exists()


@pytest.mark.django_db
def test_refuses_an_empty_line_on_standard_input(monkeypatch):
    with pytest.raises(CommandError, match="No password given"):
        create(
            "--email",
            "ada@example.org",
            "--name",
            "Ada",
            "--password-stdin",
            monkeypatch=monkeypatch,
            stdin="\n",
        )


@pytest.mark.django_db
def test_refuses_a_bad_address_and_an_empty_name(monkeypatch):
    with pytest.raises(CommandError) as refused:
        create("--email", "not-an-address", "--name", "  ", monkeypatch=monkeypatch)

    assert "Enter a real email address" in str(refused.value)
    assert "Enter the person's full name" in str(refused.value)
    assert not User.objects.exists()


def test_takes_no_password_argument():
    with pytest.raises(CommandError, match="unrecognized arguments"):
        call_command(
            "staff_account_create", "--email", "a@example.org", "--name", "A", "--password", "x"
        )
