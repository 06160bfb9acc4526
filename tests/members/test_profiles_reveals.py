"""The profile can be finished with optional pages left blank, and follow-up questions
appear only beneath the answer that needs them (conditional reveal, without JavaScript
too): 'Pause until' beneath 'Paused'; in equality monitoring, how much a condition
limits someone beneath 'Yes', and the ethnic group in two steps."""

import datetime
import re

import pytest
from django.utils import timezone

from home.demo_content import demo_pages_create
from members.models import EqualityResponse, JourneyDraft, MemberProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    demo_pages_create()
    client.force_login(member)
    return client


REQUIRED = [
    ("payment", {"payment_preference": "paid"}),
    ("updates", {"updates": "digest"}),
    ("privacy", {"agree": "on"}),
]


def sections(client) -> str:
    return re.search(r"You have answered (\d+ of \d+) sections", client.get("/account/").text)[1]


def test_optional_pages_left_blank_count_once_saved(signed_in, member):
    for slug in ("about", "experience", "skills", "taking-part", "access"):
        assert signed_in.post(f"/profile/{slug}/", {}).status_code == 302
    for slug, data in REQUIRED:
        signed_in.post(f"/profile/{slug}/", data)
    signed_in.post("/profile/")
    assert sections(signed_in) == "8 of 8"
    assert "Answer the rest of your profile questions" not in signed_in.get("/account/").text
    assert MemberProfile.objects.get(user=member).steps_saved == [
        "about",
        "experience",
        "skills",
        "taking-part",
        "access",
        "payment",
        "updates",
    ]


def test_a_page_never_saved_is_still_offered(signed_in, member):
    MemberProfile.objects.create(
        user=member, onboarding_completed_at=timezone.now(), steps_saved=["about"]
    )
    for slug, data in REQUIRED:
        signed_in.post(f"/profile/{slug}/", data)
    assert sections(signed_in) == "4 of 8"
    assert 'href="/profile/experience/?change=1"' in signed_in.get("/account/").text


def test_pause_until_sits_beneath_paused_and_is_checked_only_with_it(signed_in, member):
    page = signed_in.get("/profile/updates/").text
    paused = page.index('value="paused"')
    box = page.index('class="nhsuk-radios__conditional nhsuk-radios__conditional--hidden"')
    assert paused < box < page.index('name="updates_paused_until"')
    assert 'data-reveal-controls="id_updates_2-conditional"' in page
    # Another answer: a half-typed date is ignored, not an error, and not kept.
    response = signed_in.post(
        "/profile/updates/", {"updates": "digest", "updates_paused_until": "31/02/x"}
    )
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=member).updates_paused_until is None
    # "Paused": the date is checked, and the box stays open with the error.
    response = signed_in.post(
        "/profile/updates/", {"updates": "paused", "updates_paused_until": "1/1/2000"}
    )
    page = response.text
    assert "<title>Error:" in page and "Enter a date in the future" in page
    assert 'class="nhsuk-radios__conditional" id="id_updates_2-conditional"' in page
    later = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    signed_in.post("/profile/updates/", {"updates": "paused", "updates_paused_until": later})
    assert MemberProfile.objects.get(user=member).updates_paused_until is not None


def test_the_disability_follow_up_sits_beneath_yes_and_is_kept_only_with_it(signed_in, member):
    page = signed_in.get("/equality/disability/").text
    yes = page.index('name="long_term_condition" type="radio" value="yes"')
    assert yes < page.index("nhsuk-radios__conditional") < page.index('name="day_to_day"')
    assert page.index('name="day_to_day"') < page.index('value="no"')
    signed_in.post("/equality/disability/", {"long_term_condition": "no", "day_to_day": "a_lot"})
    signed_in.post("/equality/check/")
    assert EqualityResponse.objects.get(member=member).day_to_day == ""
    signed_in.post("/equality/disability/", {"long_term_condition": "yes", "day_to_day": "a_lot"})
    signed_in.post("/equality/check/")
    assert EqualityResponse.objects.get(member=member).day_to_day == "a_lot"


def test_ethnic_group_is_asked_in_two_steps_and_kept_as_the_same_code(signed_in, member):
    page = signed_in.get("/equality/ethnic-group/").text
    assert page.count('name="ethnic_group"') == 6  # five groups and "Prefer not to say"
    response = signed_in.post("/equality/ethnic-group/", {"ethnic_group": "asian"})
    assert response["Location"] == "/equality/ethnicity/"
    page = signed_in.get("/equality/ethnicity/").text
    assert "Which of these best describes your Asian, Asian British or Asian Welsh" in page
    assert 'value="indian"' in page and 'value="african"' not in page
    assert page.count('name="ethnicity"') == 6  # the group's five and "Prefer not to say"
    # The write-in sits beneath "Any other Asian background" only.
    assert page.index('value="other_asian"') < page.index('name="ethnicity_write_in"')
    signed_in.post("/equality/ethnicity/", {"ethnicity": "indian", "ethnicity_write_in": "x"})
    assert "Indian" in signed_in.get("/equality/check/").text
    signed_in.post("/equality/check/")
    saved = EqualityResponse.objects.get(member=member)
    assert (saved.ethnicity, saved.ethnicity_write_in) == ("indian", "")
    # Changing the group from the check page asks the detail again.
    response = signed_in.post("/equality/ethnic-group/?change=1", {"ethnic_group": "white"})
    assert response["Location"] == "/equality/ethnicity/?change=1"
    assert 'value="irish"' in signed_in.get("/equality/ethnicity/?change=1").text


def test_prefer_not_to_say_skips_the_detail(signed_in, member):
    signed_in.post("/equality/ethnic-group/", {"ethnic_group": "asian"})
    signed_in.post("/equality/ethnicity/", {"ethnicity": "chinese"})
    response = signed_in.post("/equality/ethnic-group/", {"ethnic_group": "prefer_not"})
    assert response["Location"] == "/equality/religion/"
    assert signed_in.get("/equality/religion/").text.count('href="/equality/ethnic-group/"') >= 1
    signed_in.post("/equality/check/")
    assert EqualityResponse.objects.get(member=member).ethnicity == "prefer_not"


def test_equality_drafts_stay_out_of_the_session(signed_in, member):
    signed_in.post("/equality/ethnic-group/", {"ethnic_group": "black"})
    session = signed_in.session
    assert "black" not in str(dict(session.items()))
    assert JourneyDraft.objects.get(user=member).answers["ethnic_group"] == "black"


def test_without_a_group_every_answer_is_offered_and_the_write_in_follows_them(signed_in):
    page = signed_in.get("/equality/ethnicity/").text
    assert page.count('name="ethnicity"') == 20  # the 19 answers and "Prefer not to say"
    assert "nhsuk-radios__conditional" not in page
    assert page.index('value="other_ethnic"') < page.index('name="ethnicity_write_in"')
    signed_in.post("/equality/ethnicity/", {"ethnicity": "arab", "ethnicity_write_in": "x"})
    signed_in.post("/equality/check/")
    saved = EqualityResponse.objects.get()
    assert (saved.ethnicity, saved.ethnicity_write_in) == ("arab", "")
