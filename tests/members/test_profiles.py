import pytest
from django.db import IntegrityError, transaction

from home.demo_content import demo_pages_create
from members.demo_content import demo_groups_create
from members.factories import MemberFactory
from members.models import FLAG_GROUPS, ConsentRecord, MemberProfile, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member):
    demo_pages_create()  # the privacy notice page
    client.force_login(member)
    return client


def test_every_flag_is_a_column_on_the_profile():
    columns = {field.name for field in MemberProfile._meta.get_fields()}
    for flags in FLAG_GROUPS.values():
        for name, _label in flags:
            assert name in columns


def test_a_member_answers_one_page_at_a_time_then_checks(signed_in, member):
    carer = Topic.objects.get(name="Carer")
    steps = [
        ("about", {"preferred_name": "Siobhán", "pronouns": "she/her"}),
        ("experience", {"topics": [carer.pk]}),
        ("skills", {}),
        (
            "taking-part",
            {
                "formats": ["format_online", "format_phone"],
                "availability": ["available_evenings"],
                "travel": "home",
            },
        ),
        (
            "access",
            {
                "access": ["access_breaks"],
                "access_needs": "Large screen, please",
                "contact_methods": ["contact_by_email"],
            },
        ),
        ("payment", {"payment_preference": "benefits"}),
        ("updates", {"updates": "paused", "updates_paused_until": "1/1/2040"}),
        ("privacy", {"agree": "on"}),
    ]
    for index, (slug, data) in enumerate(steps):
        response = signed_in.post(f"/profile/{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
        expected = f"/profile/{steps[index + 1][0]}/" if index + 1 < len(steps) else "/profile/"
        assert response["Location"] == expected

    html = signed_in.get("/profile/").content.decode()
    assert "Check your answers" in html
    for shown in (
        "Siobhán",
        "she/her",
        "Carer",
        "By phone",
        "Evenings",
        "Regular breaks",
        "Large screen, please",
        "I receive benefits",
        "Not for now",
        "1 January 2040",
    ):
        assert shown in html
    assert html.count("?change=1") >= 14

    response = signed_in.post("/profile/")
    assert response["Location"] == "/profile/done/"
    profile = member.profile
    assert profile.onboarding_completed_at is not None
    assert profile.format_online and profile.format_phone and not profile.format_paper
    assert profile.updates == "paused" and str(profile.updates_paused_until) == "2040-01-01"
    assert ConsentRecord.objects.filter(user=member, kind="privacy_notice").count() == 1
    assert "Your profile" in signed_in.get("/profile/").content.decode()


def test_changing_an_answer_returns_to_the_summary(signed_in, member):
    signed_in.post("/profile/about/", {"preferred_name": "Shiv"})
    response = signed_in.post("/profile/payment/?change=1", {"payment_preference": "voucher"})
    assert response["Location"] == "/profile/"
    member.profile.refresh_from_db()
    assert member.profile.payment_preference == "voucher"
    assert member.profile.preferred_name == "Shiv"


def test_errors_keep_the_answers_and_say_how_to_fix_them(signed_in):
    response = signed_in.post("/profile/about/", {"preferred_name": "x" * 101, "pronouns": "they"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Ensure this value has at most 100 characters" in html
    assert 'value="they"' in html
    response = signed_in.post("/profile/payment/", {})
    assert "Choose how you would like to be thanked" in response.content.decode()


def test_the_profile_cannot_be_saved_without_the_privacy_notice(signed_in, member):
    signed_in.post("/profile/about/", {"preferred_name": "S"})
    response = signed_in.post("/profile/")
    assert response["Location"] == "/profile/privacy/"
    assert MemberProfile.objects.get(user=member).onboarding_completed_at is None


def test_the_account_page_offers_the_questions_until_they_are_done(signed_in):
    assert "Tell us about yourself" in signed_in.get("/account/").content.decode()


def test_profiles_are_for_members_only(client, researcher):
    client.force_login(researcher)
    assert client.get("/profile/about/").status_code == 403
    assert client.get("/profile/").status_code == 403


def test_visitors_are_asked_to_sign_in(client):
    assert client.get("/profile/")["Location"].startswith("/accounts/login/")


def test_unknown_steps_are_not_found(signed_in):
    assert signed_in.get("/profile/no-such-step/").status_code == 404


def test_each_member_sees_only_their_own_profile(client, member):
    from members.factories import MemberFactory

    MemberProfile.objects.create(user=member, preferred_name="Secret Siobhán")
    other = MemberFactory(email="other@example.org")
    client.force_login(other)
    assert "Secret Siobhán" not in client.get("/profile/").content.decode()


def test_the_privacy_step_needs_the_box_ticked(signed_in, member):
    response = signed_in.post("/profile/privacy/", {})
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Confirm that you have read the privacy notice" in html
    assert not ConsentRecord.objects.filter(user=member).exists()


def test_a_pause_date_in_the_past_is_refused_and_other_choices_drop_it(signed_in, member):
    response = signed_in.post(
        "/profile/updates/", {"updates": "paused", "updates_paused_until": "1/1/2020"}
    )
    assert "Enter a date in the future" in response.content.decode()
    signed_in.post("/profile/updates/", {"updates": "each", "updates_paused_until": "1/1/2040"})
    member.profile.refresh_from_db()
    assert member.profile.updates == "each" and member.profile.updates_paused_until is None


@pytest.fixture
def groups(db):
    return {group.slug: group for group in demo_groups_create()}


def test_profile_records_are_not_shared(groups):
    # A profile belongs to one user; a second one for the same person is refused.
    person = MemberFactory(email="p@example.org")
    MemberProfile.objects.create(user=person)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberProfile.objects.create(user=person)


@pytest.mark.parametrize(
    "url", ["/profile/taking-part/", "/equality/disability/"], ids=["profile", "equality"]
)
def test_pages_with_several_questions_say_step_not_question(signed_in, url):
    page = signed_in.get(url).content.decode()
    assert "Step " in page and " of " in page
    assert "Question" not in page
