"""Sessions hold no special-category data, end with the account and on a password
change or reset, and expired ones are cleared daily (issue 11, finding 5)."""

import datetime
import json
import re

import pytest
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from config.celery import app
from home.journeys import TOKEN_KEY
from members.factories import DEFAULT_PASSWORD, MemberFactory
from members.models import EqualityResponse, JourneyDraft
from members.tasks import sessions_clear_daily
from opportunities.factories import opportunity_create

pytestmark = pytest.mark.django_db

# Answers whose values appear nowhere else in a session (the slugs of the questions do).
ANSWERS = [
    ("age", {"age_band": "65_74"}),
    ("sex", {"sex": "female"}),
    ("gender", {"gender_same_as_sex": "no", "gender_write_in": "Quillfeather"}),
    ("orientation", {"sexual_orientation": "gay_lesbian"}),
    ("ethnic-group", {"ethnic_group": "black"}),
    ("ethnicity", {"ethnicity": "other_black", "ethnicity_write_in": "Somali"}),
    ("religion", {"religion": "other", "religion_write_in": "Zoroastrian"}),
    ("disability", {"long_term_condition": "yes", "day_to_day": "a_little"}),
    ("carer", {"carer": "yes"}),
    ("consent", {"prioritisation_consent": "on"}),
]
TELLING = [
    "65_74",
    "Quillfeather",
    "gay_lesbian",
    "other_black",
    "Somali",
    "Zoroastrian",
    "a_little",
    "long_term_condition",
    "sexual_orientation",
    "religion",
    "ethnic_group",
]


def every_session() -> list[str]:
    """Every stored session, decoded as the session engine reads it, as text."""
    return [
        json.dumps(SessionStore().decode(row.session_data), ensure_ascii=False)
        for row in Session.objects.all()
    ]


def assert_no_answers_in_any_session(*words):
    for text in every_session():
        for word in [*TELLING, *words]:
            assert word not in text, (word, text)


def sign_in(person) -> Client:
    """Through allauth's sign-in page, as a person would."""
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert "_auth_user_id" in client.session
    return client


def signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


@pytest.fixture
def person(db):
    # An id of 36 or more, so allauth's base-36 form of it ("10" for 36) differs from the
    # decimal one, as it does for every real account after the first few.
    return MemberFactory(pk=1000, email="rowan@example.org", name="Rowan Quillfeather-Tate")


# --- No special-category answers in the session ---------------------------------------


def test_no_equality_answer_ever_reaches_the_session_store(client, person):
    client.force_login(person)
    for slug, data in ANSWERS:
        assert client.get(f"/equality/{slug}/").status_code == 200
        assert client.post(f"/equality/{slug}/", data).status_code == 302
        assert_no_answers_in_any_session()
    # Same journey for the person: every answer is on the check page, then saved.
    check = client.get("/equality/check/").content.decode()
    assert "Somali" in check and "Zoroastrian" in check and "Quillfeather" in check
    assert_no_answers_in_any_session()
    assert not EqualityResponse.objects.exists()
    client.post("/equality/check/")
    saved = EqualityResponse.objects.get(member=person)
    assert saved.sexual_orientation == "gay_lesbian" and saved.prioritisation_consent
    assert not JourneyDraft.objects.exists()  # saved: the draft has gone

    # Changing one saved answer: the step shows the saved answers, and none of them
    # is copied into the session while the change waits to be saved.
    page = client.get("/equality/orientation/?change=1").content.decode()
    assert re.search(r'<input[^>]*value="gay_lesbian"[^>]*checked', page)
    response = client.post("/equality/orientation/?change=1", {"sexual_orientation": "bisexual"})
    assert response["Location"] == "/equality/check/"
    assert_no_answers_in_any_session("bisexual")
    assert "Bisexual" in client.get("/equality/check/").content.decode()
    assert EqualityResponse.objects.get().sexual_orientation == "gay_lesbian"  # not yet
    client.post("/equality/check/")
    assert EqualityResponse.objects.get().sexual_orientation == "bisexual"


def test_unsent_equality_answers_are_one_sign_ins_and_end_at_sign_out(client, person):
    client.force_login(person)
    client.post("/equality/orientation/", {"sexual_orientation": "gay_lesbian"})
    other = Client()
    other.force_login(person)
    # Another sign-in does not see this one's unsent answers, as with a session.
    assert "Gay or lesbian" not in other.get("/equality/check/").content.decode()
    assert "Gay or lesbian" in client.get("/equality/check/").content.decode()
    client.post("/accounts/logout/")
    assert not JourneyDraft.objects.exists()


def test_abandoning_the_equality_journey_by_deleting_removes_the_draft(client, person):
    client.force_login(person)
    client.post("/equality/orientation/", {"sexual_orientation": "gay_lesbian"})
    client.post("/equality/delete/")
    assert not JourneyDraft.objects.exists()


def test_an_application_draft_is_kept_server_side_not_in_the_session(client, person):
    opportunity = opportunity_create(title="Review a leaflet", places=2)
    client.force_login(person)
    answers = {
        "statement": "I have lived with Crohn's for 10 years.",
        "access_needs": "Step-free access; I use a wheelchair",
        "experience": "Ostomy peer support",
    }
    response = client.post(f"/apply/{opportunity.pk}/", answers)
    assert response["Location"] == f"/apply/{opportunity.pk}/check/"
    assert_no_answers_in_any_session("Crohn", "wheelchair", "Ostomy")
    # Same journey: the check page shows them, "Change" brings them back, errors keep input.
    assert "wheelchair" in client.get(response["Location"]).content.decode()
    assert "Ostomy peer support" in client.get(f"/apply/{opportunity.pk}/").content.decode()
    client.post(f"/apply/{opportunity.pk}/check/")
    assert not JourneyDraft.objects.exists()
    assert_no_answers_in_any_session("Crohn", "wheelchair", "Ostomy")


# --- Erasure ends every session --------------------------------------------------------


def test_erasure_leaves_no_session_holding_the_person(
    person, with_totp, django_capture_on_commit_callbacks
):
    phone, laptop, tablet = sign_in(person), sign_in(person), sign_in(person)
    forced = Client()
    forced.force_login(person)
    laptop.post("/equality/orientation/", {"sexual_orientation": "gay_lesbian"})
    # A session that expired but was never cleared still names the person.
    expired = sign_in(person)
    Session.objects.filter(session_key=expired.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    someone_else = sign_in(MemberFactory(email="other@example.org"))
    pk = str(person.pk)
    assert sum(f'"_auth_user_id": "{pk}"' in text for text in every_session()) == 5
    # A sign-in half done (waiting for the authenticator code) is an anonymous session
    # that names the person too.
    with_totp(person)
    halfway = Client().post(
        "/accounts/login/", {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert "/2fa/" in halfway["Location"]
    halfway_pk = f'"user_pk": "{user_pk_to_url_str(person)}"'
    assert sum(halfway_pk in text for text in every_session()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = phone.post("/account/delete/", {"password": DEFAULT_PASSWORD})
    assert response["Location"] == "/account/deleted/"

    for text in every_session():
        assert "rowan@example.org" not in text and "Quillfeather" not in text
        assert f'"_auth_user_id": "{pk}"' not in text
        assert halfway_pk not in text
    assert_no_answers_in_any_session()
    for client in (laptop, tablet, forced):
        assert not signed_in(client)
    assert signed_in(someone_else)
    assert not JourneyDraft.objects.exists()


# --- Password change and reset end the other sessions -----------------------------------


def test_a_password_change_ends_every_other_session(person):
    here, elsewhere, forced = sign_in(person), sign_in(person), Client()
    forced.force_login(person)
    kept, ended = here.session.session_key, elsewhere.session.session_key
    response = here.post(
        "/accounts/password/change/",
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "a-new-long-passphrase-9",
            "password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    assert signed_in(here)
    assert not Session.objects.filter(session_key=ended).exists()
    assert Session.objects.filter(session_key=here.session.session_key).exists()
    assert here.session.session_key != kept  # Django gives the kept one a new key
    assert not signed_in(elsewhere) and not signed_in(forced)
    assert Session.objects.count() == 1


def test_a_password_reset_ends_every_session(person, django_capture_on_commit_callbacks):
    elsewhere = sign_in(person)
    stranger = Client()
    with django_capture_on_commit_callbacks(execute=True):
        stranger.post("/accounts/password/reset/", {"email": person.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    page = stranger.get(link.group(1))
    assert page.status_code == 302  # allauth moves the key out of the address
    response = stranger.post(
        page["Location"],
        {"password1": "a-new-long-passphrase-9", "password2": "a-new-long-passphrase-9"},
    )
    assert response.status_code == 302, response.content.decode()[:800]
    # Ended at once, not only refused at its next request (Django's own check).
    assert not Session.objects.filter(session_key=elsewhere.session.session_key).exists()
    for text in every_session():
        assert f'"_auth_user_id": "{person.pk}"' not in text
    assert not signed_in(elsewhere)


def test_members_see_and_end_their_sessions(person):
    here, elsewhere = sign_in(person), sign_in(person)
    assert "/accounts/sessions/" in here.get("/account/").content.decode()
    page = here.get("/accounts/sessions/")
    assert page.status_code == 200
    # In our words (allauth's own page is in title case and speaks of "sessions").
    assert "Where you are signed in" in page.content.decode()
    assert "Sign out everywhere else" in page.content.decode()
    here.post("/accounts/sessions/", {"action": "logout"})
    assert signed_in(here) and not signed_in(elsewhere)


# --- Daily clearing -------------------------------------------------------------------


def test_a_daily_beat_job_clears_expired_sessions_and_abandoned_drafts(person):
    entry = settings.CELERY_BEAT_SCHEDULE["sessions-clear"]
    app.loader.import_default_modules()
    assert entry["task"] == "members.sessions_clear_daily" and entry["task"] in app.tasks
    assert entry["schedule"].hour == {3}  # once a day

    live, old = sign_in(person), sign_in(person)
    Session.objects.filter(session_key=old.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    JourneyDraft.objects.create(
        user=person,
        session_token="gone",
        journey="equality",
        answers={"religion": "other"},
        updated_at=timezone.now() - datetime.timedelta(days=15),
    )
    result = sessions_clear_daily.apply().get()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session.session_key]
    assert result == {"drafts": 1, "user_sessions": 1}
    assert not JourneyDraft.objects.exists()


# --- Drafts end with the answers and with the sessions that held them ------------------


def _drafts_of(client) -> list[JourneyDraft]:
    token = client.session.get(TOKEN_KEY)
    return list(JourneyDraft.objects.filter(session_token=token)) if token else []


def test_deleting_the_answers_deletes_every_sign_ins_draft_of_them(person):
    laptop, phone = sign_in(person), sign_in(person)
    for slug, data in ANSWERS:
        laptop.post(f"/equality/{slug}/", data)
    laptop.post("/equality/check/")
    # The laptop starts changing one answer: its draft holds a copy of all of them.
    laptop.post("/equality/carer/?change=1", {"carer": "no"})
    assert _drafts_of(laptop)[0].answers["sexual_orientation"] == "gay_lesbian"

    phone.post("/equality/delete/")
    assert not EqualityResponse.objects.exists()
    assert not JourneyDraft.objects.filter(user=person).exists()
    # Sending the laptop's check page cannot bring the deleted answers back.
    laptop.post("/equality/check/")
    saved = EqualityResponse.objects.filter(member=person).first()
    assert saved is None or saved.sexual_orientation == ""


def test_a_password_change_ends_the_drafts_of_the_sessions_it_ends(person):
    here, elsewhere = sign_in(person), sign_in(person)
    here.post("/equality/religion/", {"religion": "jewish"})
    elsewhere.post("/equality/orientation/", {"sexual_orientation": "gay_lesbian"})
    assert _drafts_of(elsewhere)
    response = here.post(
        "/accounts/password/change/",
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": "a-new-long-passphrase-9",
            "password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    # Only the kept session's draft stays.
    assert [d.answers["religion"] for d in JourneyDraft.objects.all()] == ["jewish"]


def test_ending_a_session_through_sessions_end_ends_its_drafts_even_once_expired(person):
    from members.services.sessions import sessions_end

    laptop = sign_in(person)
    laptop.post("/equality/orientation/", {"sexual_orientation": "gay_lesbian"})
    # The session expired (its draft was touched after the session was last saved).
    Session.objects.filter(session_key=laptop.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert sessions_end(user=person) == 1
    assert not JourneyDraft.objects.exists()


def test_signing_out_everywhere_else_ends_the_other_sessions_drafts(person):
    here, elsewhere = sign_in(person), sign_in(person)
    here.post("/equality/religion/", {"religion": "jewish"})
    elsewhere.post("/equality/orientation/", {"sexual_orientation": "gay_lesbian"})
    assert _drafts_of(elsewhere)
    here.post("/accounts/sessions/", {"action": "logout"})
    assert signed_in(here) and not signed_in(elsewhere)
    assert [d.answers["religion"] for d in JourneyDraft.objects.all()] == ["jewish"]
