import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from members import roles
from members.models import User

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def signup(client, django_capture_on_commit_callbacks):
    """Post the sign-up form; emails are queued on commit, so run those callbacks."""

    def post(**overrides):
        data = {
            "name": "Zoë Ní Bhriain-Ōtsuka",
            "email": "zoe@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "account_type": "member",
            "organisation": "",
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/signup/", data)

    return post


@pytest.fixture
def verify(client, django_capture_on_commit_callbacks):
    """Enter the emailed code on the page that asked for it, in the same browser."""

    def post(code):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/confirm-email/", {"code": code})

    return post


def verification_code(message) -> str:
    return re.search(r"^([A-Z]{4}-[A-Z]{4})$", message.body, re.M).group(1)


@pytest.mark.django_db
def test_signing_up_makes_a_member_with_the_name_as_typed(client, signup, verify):
    response = signup()
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="zoe@example.org")
    assert user.name == "Zoë Ní Bhriain-Ōtsuka"
    assert user.has_role(roles.MEMBER)
    assert not user.has_role(roles.RESEARCHER)
    assert EmailAddress.objects.get(user=user).verified is False


@pytest.mark.django_db
def test_sign_up_sends_a_verification_email_and_sign_in_waits_for_it(client, signup, verify):
    signup()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zoe@example.org"]
    client.logout()
    response = client.post("/accounts/login/", {"login": "zoe@example.org", "password": PASSWORD})
    # Not verified yet: sent to the "check your email" page, not signed in.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_entering_the_emailed_code_confirms_the_address_and_signs_the_person_in(
    client, signup, verify
):
    signup()
    response = verify(verification_code(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert EmailAddress.objects.get(email="zoe@example.org").verified
    # No second sign-in: the code did it.
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="zoe@example.org").pk
    page = client.get("/account/")
    assert "Zoë Ní Bhriain-Ōtsuka" in page.content.decode()


@pytest.mark.django_db
def test_names_in_any_script_are_accepted(client, signup, verify):
    signup(name="محمد بن سلمان 李小龍 O'Brien", email="m@example.org")
    assert User.objects.get(email="m@example.org").name == "محمد بن سلمان 李小龍 O'Brien"


@pytest.mark.django_db
def test_sign_up_errors_keep_the_answers_and_say_how_to_fix_them(client, signup, verify):
    response = signup(name="", password2="something-else-entirely")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "nhsuk-error-summary" in html
    assert "Enter your full name" in html
    assert 'href="#id_name"' in html
    assert 'value="zoe@example.org"' in html  # what they typed is kept
    assert not User.objects.filter(email="zoe@example.org").exists()


@pytest.mark.django_db
def test_a_researcher_must_say_which_organisation(client, signup, verify):
    response = signup(account_type="researcher", organisation="")
    assert response.status_code == 200
    assert "Enter the organisation you do research for" in response.content.decode()


@pytest.mark.django_db
def test_a_researcher_waits_for_approval_with_a_clear_message(client, signup, verify):
    signup(
        account_type="researcher",
        organisation="University of Somewhere",
        email="rita@somewhere.ac.uk",
    )
    verify(verification_code(mail.outbox[0]))
    user = User.objects.get(email="rita@somewhere.ac.uk")
    assert user.researcher_request == User.ResearcherRequest.PENDING
    assert not user.has_role(roles.RESEARCHER)
    assert not user.has_role(roles.MEMBER)
    # Signed in by the code.
    page = client.get("/account/").content.decode()
    assert "Your researcher account is waiting for approval" in page


@pytest.mark.django_db
def test_a_researcher_on_a_trusted_domain_is_approved_once_the_address_is_verified(
    client, signup, verify
):
    # tests' settings trust research.example.ac.uk (and its subdomains)
    signup(
        account_type="researcher",
        organisation="Example University",
        email="sam@dept.research.example.ac.uk",
    )
    user = User.objects.get(email="sam@dept.research.example.ac.uk")
    assert not user.has_role(roles.RESEARCHER)  # not before the address is proven
    verify(verification_code(mail.outbox[0]))
    user.refresh_from_db()
    assert user.researcher_request == User.ResearcherRequest.APPROVED
    assert user.has_role(roles.RESEARCHER)
    assert mail.outbox[-1].subject == "Your researcher account is ready"


@pytest.mark.django_db
def test_a_lookalike_domain_is_not_trusted(client, signup, verify):
    signup(
        account_type="researcher",
        organisation="Fake",
        email="eve@notresearch.example.ac.uk",
    )
    verify(verification_code(mail.outbox[0]))
    user = User.objects.get(email="eve@notresearch.example.ac.uk")
    assert user.researcher_request == User.ResearcherRequest.PENDING


@pytest.mark.django_db
def test_signing_up_with_a_taken_address_does_not_reveal_the_account(
    client, signup, verify, member
):
    response = signup(email="MEMBER@example.org")
    # Same next page as a new sign-up; the owner gets an email instead.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact="member@example.org").count() == 1
    assert mail.outbox[0].to == ["member@example.org"]  # the owner, at their own address
    assert "already" in mail.outbox[0].body.lower()


@pytest.mark.django_db
def test_the_verification_email_carries_no_text_the_person_signing_up_chose(client, signup, verify):
    # Issue 11, finding 9: anyone can type someone else's address; the name they give
    # must not reach that stranger's inbox (it could be a link, or a message).
    name = "Win a prize at https://evil.example/claim now"
    signup(name=name, email="stranger@example.org")
    (message,) = mail.outbox
    assert message.to == ["stranger@example.org"]
    text = " ".join([message.subject, message.body, *(c for c, _t in message.alternatives)])
    for chosen in (name, "evil.example", "Win a prize"):
        assert chosen not in text
    # Still a working verification email, in our own words.
    assert verify(verification_code(message)).status_code == 302
    assert EmailAddress.objects.get(email="stranger@example.org").verified


@pytest.mark.django_db
def test_adding_an_address_sends_no_account_name_to_it(client, django_capture_on_commit_callbacks):
    from members.factories import MemberFactory

    member = MemberFactory(email="own@example.org", name="See https://evil.example/x")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/email/", {"action_add": "", "email": "someone-else@example.org"}
        )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"  # where the code goes
    (message,) = [m for m in mail.outbox if m.to == ["someone-else@example.org"]]
    assert "evil.example" not in message.body
    assert verification_code(message)
