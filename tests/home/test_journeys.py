"""The journey helper (home/journeys.py): steps in order, unsent answers kept
server-side, and the rows of "check your answers"."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from home.journeys import (
    TOKEN_KEY,
    DraftStore,
    Row,
    Step,
    Steps,
    answer_shown,
    answer_text,
    draft_max_age,
    form_rows,
    step_rows,
)
from members.factories import MemberFactory
from members.models import JourneyDraft
from members.services.drafts import journey_drafts


class AgeForm(forms.Form):
    age_band = forms.ChoiceField(
        label="How old are you?",
        required=False,
        choices=[("", "Prefer not to say"), ("18_24", "18 to 24"), ("25_34", "25 to 34")],
    )

    class Meta:
        fields = ["age_band"]


class CaringForm(forms.Form):
    carer = forms.ChoiceField(
        label="Do you look after anyone?", required=False, choices=[("yes", "Yes, I do")]
    )
    hours = forms.CharField(label="How many hours a week?", required=False)
    consent = forms.BooleanField(label="Use my answers", required=False)


STEPS = Steps(
    [
        Step("age", "Your age", AgeForm),
        Step("caring", "Caring", CaringForm),
        Step("end", "Last", AgeForm),
    ]
)


# --- Steps ----------------------------------------------------------------------------


def test_steps_read_like_the_list_they_replace():
    assert len(STEPS) == 3
    assert STEPS[1].slug == "caring"
    assert [step.slug for step in STEPS] == STEPS.slugs == ["age", "caring", "end"]


def test_a_steps_fields_come_from_its_form():
    assert STEPS[0].fields == ["age_band"]  # Meta.fields, as model forms have
    assert STEPS[1].fields == ["carer", "hours", "consent"]  # a plain form's own fields
    assert STEPS.fields == ["age_band", "carer", "hours", "consent", "age_band"]


def test_a_position_gives_the_page_number_and_the_neighbours():
    first, middle, last = (STEPS.position(slug) for slug in STEPS.slugs)
    assert (first.number, first.total, first.is_first, first.previous) == (1, 3, True, None)
    assert first.next.slug == "caring"
    assert (middle.index, middle.previous.slug, middle.next.slug) == (1, "age", "end")
    assert (last.number, last.is_last, last.next) == (3, True, None)
    assert middle.step is STEPS[1]


def test_a_slug_the_journey_does_not_have_is_not_found():
    with pytest.raises(Http404):
        STEPS.position("nope")


def test_two_steps_may_not_share_a_slug():
    with pytest.raises(ValueError):
        Steps([Step("a", "A", AgeForm), Step("a", "B", CaringForm)])


# --- Unsent answers -------------------------------------------------------------------


def signed_in(user, session=None):
    request = RequestFactory().get("/")
    request.user = user
    request.session = session or SessionStore()
    return request


STORE = DraftStore(JourneyDraft)


@pytest.mark.django_db
def test_a_draft_is_kept_for_this_sign_in_and_journey_only():
    person = MemberFactory()
    here, elsewhere = signed_in(person), signed_in(person)
    assert STORE.get(here, "equality") is None
    STORE.save(here, "equality", {"religion": "jewish"})
    STORE.save(here, "equality", {"religion": "none"})  # replaced, not added
    assert STORE.get(here, "equality") == {"religion": "none"}
    assert STORE.get(here, "application-1") is None
    assert STORE.get(elsewhere, "equality") is None  # another sign-in of the same person
    assert JourneyDraft.objects.count() == 1


@pytest.mark.django_db
def test_the_session_holds_a_token_never_the_answers():
    request = signed_in(MemberFactory())
    STORE.save(request, "equality", {"religion": "Zoroastrian"})
    assert set(request.session.keys()) == {TOKEN_KEY}
    assert "Zoroastrian" not in str(dict(request.session))


@pytest.mark.django_db
def test_a_discarded_draft_is_gone():
    request = signed_in(MemberFactory())
    STORE.discard(request, "equality")  # nothing yet: nothing happens
    STORE.save(request, "equality", {"a": 1})
    STORE.discard(request, "equality")
    assert STORE.get(request, "equality") is None
    assert not JourneyDraft.objects.exists()


@pytest.mark.django_db
def test_discarding_everywhere_ends_every_sign_ins_draft_of_that_journey_only():
    person = MemberFactory()
    one, two = signed_in(person), signed_in(person)
    STORE.save(one, "equality", {"a": 1})
    STORE.save(two, "equality", {"a": 2})
    STORE.save(two, "application-4", {"b": 1})
    assert STORE.discard_everywhere(user=person, journey="equality") == 2
    assert list(JourneyDraft.objects.values_list("journey", flat=True)) == ["application-4"]


@pytest.mark.django_db
def test_signing_out_ends_that_sign_ins_drafts():
    person = MemberFactory()
    leaving, staying = signed_in(person), signed_in(person)
    STORE.save(leaving, "equality", {"a": 1})
    STORE.save(leaving, "application-4", {"b": 1})
    STORE.save(staying, "equality", {"a": 2})
    assert STORE.discard_for_session(user=person, session=leaving.session) == 2
    assert STORE.discard_for_session(user=person, session=None) == 0
    assert STORE.get(staying, "equality") == {"a": 2}


@pytest.mark.django_db
def test_an_abandoned_draft_is_not_read_and_is_purged():
    request = signed_in(MemberFactory())
    STORE.save(request, "equality", {"a": 1})
    JourneyDraft.objects.update(updated_at=timezone.now() - draft_max_age() - datetime.timedelta(1))
    assert STORE.get(request, "equality") is None
    assert STORE.purge() == 1


@pytest.mark.django_db
def test_drafts_written_by_the_members_service_read_the_same_here_and_back():
    """Swapping a journey onto the store keeps the drafts of people mid-way through it:
    the members' store reads the same rows, under the session key and for the time the
    members' drafts service used before the swap."""
    request = signed_in(MemberFactory())
    journey_drafts.save(request, "equality", {"religion": "jewish"})
    assert STORE.get(request, "equality") == {"religion": "jewish"}
    STORE.save(request, "application-9", {"statement": "Because"})
    assert journey_drafts.get(request, "application-9") == {"statement": "Because"}
    assert TOKEN_KEY == "journey-draft-token"  # the members' service's TOKEN_KEY
    assert draft_max_age() == datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


# --- Check your answers ---------------------------------------------------------------


def test_answers_are_shown_as_people_read_them():
    field = AgeForm().fields["age_band"]
    assert answer_shown(field, "18_24") == "18 to 24"
    assert answer_shown(field, "") == "Prefer not to say"  # a choice, even a blank one
    assert answer_shown(forms.CharField(), "") == "Not answered"
    assert answer_shown(forms.CharField(), None) == "Not answered"
    assert answer_shown(forms.CharField(), "typed") == "typed"
    assert answer_shown(forms.BooleanField(), True) == "Yes"
    assert answer_shown(forms.BooleanField(), False) == "No"


def test_answer_text_lists_only_what_was_given():
    assert answer_text("Leeds") == ["Leeds"]
    assert answer_text(0) == ["0"]
    assert answer_text("") == answer_text(None) == []


def test_step_rows_label_each_answer_and_link_its_page():
    answers = {"age_band": "25_34", "carer": "yes", "hours": "", "consent": True}
    rows = step_rows(STEPS[:2], answers)
    assert rows == [
        ("How old are you?", "25 to 34", "age"),
        ("Do you look after anyone?", "Yes, I do", "caring"),
        ("How many hours a week?", "Not answered", "caring"),
        ("Use my answers", "Yes", "caring"),
    ]
    assert all(isinstance(row, Row) for row in rows)


def test_a_journey_may_show_one_answer_its_own_way():
    def shown(name, value, field, answers):
        if name == "hours" and answers.get("carer") != "yes":
            return "Does not apply"
        return answer_shown(field, value)

    rows = step_rows([STEPS[1]], {"carer": "", "hours": "", "consent": False}, shown=shown)
    assert [row.value for row in rows] == ["Not answered", "Does not apply", "No"]


def test_form_rows_keep_the_answer_as_given_and_name_the_field():
    form = CaringForm()
    rows = form_rows(form, {"carer": "yes", "hours": "4", "consent": False}, ["hours", "consent"])
    assert rows == [("How many hours a week?", "4", "hours"), ("Use my answers", False, "consent")]
    assert [row.step for row in form_rows(form, {"carer": "", "hours": "", "consent": True})] == [
        "carer",
        "hours",
        "consent",
    ]


def test_a_row_reads_as_a_tuple_and_by_name_in_templates():
    rows = [Row("Skills", ["Listening", "Reading"], "skills"), Row("Phone", "", "about")]
    assert rows[0].values == ["Listening", "Reading"]
    assert rows[1].values == []
    assert Row("Age", "25 to 34", "age").values == ["25 to 34"]
    html = Template(
        "{% for key, value, step in rows %}{{ key }}={{ step }};{% endfor %}"
        "{% for row in rows %}{{ row.key }}:{{ row.values|length }};{% endfor %}"
    ).render(Context({"rows": rows}))
    assert html == "Skills=skills;Phone=about;Skills:2;Phone:0;"


def test_a_position_is_captioned_as_a_step_not_a_question():
    # A page may ask several questions: "Question 1 of 3" would miscount them.
    assert STEPS.position("caring").caption == "Step 2 of 3"


def test_back_and_continue_pass_over_a_page_the_answers_do_not_ask():
    steps = Steps(
        [
            Step("age", "Age", AgeForm),
            Step("caring", "Caring", CaringForm, asked=lambda a: a.get("carer") == "yes"),
            Step("end", "End", AgeForm),
        ]
    )
    assert steps.position("age", {"carer": "no"}).next.slug == "end"
    assert steps.position("end", {"carer": "no"}).previous.slug == "age"
    assert steps.position("age", {"carer": "yes"}).next.slug == "caring"
    assert steps.position("age").next.slug == "caring"  # without answers, every page
