"""A fair lottery for an oversubscribed opportunity: staff set quotas on features members
gave, the draw is recorded, applying it goes through the ordinary selection path, the
member is told their chance, and erasure keeps the record without the person."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from members.factories import EqualityResponseFactory, MemberFactory, StaffFactory
from members.models import EqualityDashboardView, MemberProfile, Region
from members.services.personal_data import account_erase, personal_data_collect
from opportunities.factories import opportunity_create
from opportunities.models import Application, Lottery, LotteryEntry
from opportunities.services import lottery as lottery_service
from opportunities.services.applications import (
    ApplicationError,
    application_submit,
    application_withdraw,
)
from opportunities.services.lottery import (
    LotteryError,
    lottery_apply,
    lottery_rerun,
    lottery_run,
)
from opportunities.services.selection import application_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def opportunity(db):
    return opportunity_create(title="Review a diabetes leaflet", places=2)


def apply(member, opportunity):
    return application_submit(member=member, opportunity=opportunity, statement="Keen to help.")


def applicants(opportunity, count, region=None):
    people = []
    for n in range(count):
        person = MemberFactory(name=f"Applicant {n}")
        if region is not None:
            MemberProfile.objects.update_or_create(user=person, defaults={"region": region})
        apply(person, opportunity)
        people.append(person)
    return people


def test_a_draw_is_recorded_and_changes_nobody_until_applied(staff, opportunity):
    applicants(opportunity, 6)
    mail.outbox.clear()
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=42)
    assert lottery.status == "drawn" and lottery.places == 2 and lottery.seed == 42
    assert lottery.algorithm == "maximin" and lottery.summary["pool"] == 6
    entries = list(lottery.entries.all())
    assert len(entries) == 6
    assert all(entry.probability == pytest.approx(2 / 6) for entry in entries)
    assert sorted(e.outcome for e in entries).count("selected") == 2
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    assert mail.outbox == []


def test_applying_selects_the_drawn_and_waitlists_the_rest_in_order(
    staff, opportunity, django_capture_on_commit_callbacks
):
    applicants(opportunity, 6)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=7)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lottery_apply(lottery=lottery, by=staff)
    entries = {e.application_id: e for e in lottery.entries.all()}
    selected = Application.objects.filter(status="selected")
    assert {a.pk for a in selected} == {pk for pk, e in entries.items() if e.outcome == "selected"}
    waiting = list(Application.objects.filter(status="waitlisted").order_by("waitlisted_at", "pk"))
    assert [entries[a.pk].position for a in waiting] == [1, 2, 3, 4]
    # Everyone told, through the outbox, with their chance.
    assert len(mail.outbox) == 6
    body = mail.outbox[0].body
    assert "a fair lottery chose 2 people from the 6 people waiting for a decision" in body
    assert "about 1 in 3" in body
    lottery.refresh_from_db()
    assert lottery.status == "applied" and lottery.applied_by == staff
    # A place given back goes to the first in the draw's waiting order.
    application_withdraw(application=selected.first())
    first_waiting = waiting[0]
    first_waiting.refresh_from_db()
    assert first_waiting.status == "selected"


def test_the_waiting_list_number_counts_those_already_waiting(
    staff, opportunity, django_capture_on_commit_callbacks
):
    earlier = apply(MemberFactory(name="Waiting before the draw"), opportunity)
    application_decide(
        application=earlier, status="waitlisted", message="You are on the list.", by=staff
    )
    applicants(opportunity, 5)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=7)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lottery_apply(lottery=lottery, by=staff)
    for entry in lottery.entries.filter(outcome="waiting").select_related("member"):
        body = next(m.body for m in mail.outbox if m.to == [entry.member.email])
        # The person waiting from before is offered a place first.
        assert f"you are number {entry.position + 1} on the waiting list" in body
    earlier.refresh_from_db()
    first = lottery.entries.get(position=1).application
    assert earlier.status == first.status == "waitlisted"
    assert earlier.waitlisted_at < first.waitlisted_at


def test_a_draw_is_applied_only_once(staff, opportunity):
    applicants(opportunity, 4)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=3)
    lottery_apply(lottery=lottery, by=staff)
    with pytest.raises(LotteryError):
        lottery_apply(lottery=lottery, by=staff)
    assert Application.objects.filter(status="selected").count() == 2


def test_places_are_never_exceeded_when_someone_was_selected_after_the_draw(staff, opportunity):
    people = applicants(opportunity, 5)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=3)
    from opportunities.services.selection import application_decide

    application_decide(
        application=Application.objects.get(member=people[0]),
        status="selected",
        message="",
        by=staff,
    )
    with pytest.raises(LotteryError, match="changed since this draw"):
        lottery_apply(lottery=lottery, by=staff)
    assert Application.objects.filter(status="selected").count() == 1


def test_a_failure_while_applying_leaves_nothing_half_applied(
    staff, opportunity, monkeypatch, django_capture_on_commit_callbacks
):
    applicants(opportunity, 5)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=11)
    calls = []
    real = lottery_service.application_decide

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(lottery_service, "application_decide", failing)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        lottery_apply(lottery=lottery, by=staff)
    assert mail.outbox == []
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    lottery.refresh_from_db()
    assert lottery.status == "drawn"


def test_the_rest_can_be_told_they_were_not_selected(staff, opportunity):
    applicants(opportunity, 6)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=5)
    lottery_apply(lottery=lottery, by=staff, waiting=1, turn_down_rest=True)
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == ["not_selected"] * 3 + ["selected"] * 2 + ["waitlisted"]
    assert lottery.entries.filter(outcome="not_selected").count() == 3


def test_staff_who_applied_cannot_run_the_lottery(opportunity):
    officer = StaffFactory(roles=["Involvement staff", "Member"])
    applicants(opportunity, 3)
    apply(officer, opportunity)
    with pytest.raises(LotteryError, match="ask a colleague"):
        lottery_run(opportunity=opportunity, quotas={}, by=officer)


def test_staff_who_applied_cannot_apply_a_colleagues_draw(admin_login, staff, opportunity):
    officer = StaffFactory(roles=["Involvement staff", "Member"])
    applicants(opportunity, 3)
    apply(officer, opportunity)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=4)
    with pytest.raises(LotteryError, match="ask a colleague"):
        lottery_apply(lottery=lottery, by=officer)
    url = f"/admin/shortlists/lottery/{lottery.pk}/apply/"
    response = admin_login(officer).post(url, {"waiting": "2"})
    assert response.status_code == 200 and "ask a colleague" in response.content.decode()
    lottery.refresh_from_db()
    assert lottery.status == "drawn"
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}


def test_an_error_from_the_selection_path_refuses_the_apply_with_its_message(
    staff, opportunity, monkeypatch
):
    applicants(opportunity, 3)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=4)

    def refuse(**kwargs):
        raise ApplicationError("This application already has that status.")

    monkeypatch.setattr(lottery_service, "application_decide", refuse)
    with pytest.raises(LotteryError, match="already has that status"):
        lottery_apply(lottery=lottery, by=staff)
    lottery.refresh_from_db()
    assert lottery.status == "drawn"


def test_a_lottery_needs_more_applicants_than_places(staff, opportunity):
    applicants(opportunity, 2)
    with pytest.raises(LotteryError, match="more people applied than there are places"):
        lottery_run(opportunity=opportunity, quotas={}, by=staff)


def test_region_quotas_are_met_by_the_draw(staff):
    opportunity = opportunity_create(places=3)
    north, south = Region.objects.all()[:2]
    applicants(opportunity, 2, region=north)
    applicants(opportunity, 6, region=south)
    lottery = lottery_run(
        opportunity=opportunity,
        quotas={"region": {str(north.pk): (2, 2), str(south.pk): (1, 1)}},
        by=staff,
        seed=9,
    )
    drawn = lottery.entries.filter(outcome="selected")
    assert sorted(e.features["region"] for e in drawn) == sorted(
        [str(north.pk)] * 2 + [str(south.pk)]
    )
    assert lottery.quotas["region"]["categories"][str(north.pk)]["label"] == north.name
    for entry in lottery.entries.all():
        expected = 1.0 if entry.features["region"] == str(north.pk) else 1 / 6
        assert entry.probability == pytest.approx(expected)


def test_infeasible_quotas_say_why_and_suggest_what_works(staff):
    opportunity = opportunity_create(places=3)
    north, south = Region.objects.all()[:2]
    applicants(opportunity, 1, region=north)
    applicants(opportunity, 5, region=south)
    with pytest.raises(LotteryError) as caught:
        lottery_run(
            opportunity=opportunity,
            quotas={"region": {str(north.pk): (3, 3), str(south.pk): (0, 0)}},
            by=staff,
        )
    assert any("only 1 applied" in problem for problem in caught.value.problems)
    lottery = lottery_run(opportunity=opportunity, quotas=caught.value.suggestion, by=staff)
    assert lottery.entries.filter(outcome="selected").count() == 3


# --- Equality features: only through the door, only with consent --------------------


def test_equality_features_need_the_equality_permission(staff, opportunity):
    applicants(opportunity, 4)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        lottery_run(opportunity=opportunity, quotas={"sex": {"not_given": (0, 2)}}, by=staff)


def test_only_consented_answers_are_used_and_the_look_is_logged(viewer, opportunity):
    consents, declines, silent = (MemberFactory() for _n in range(3))
    EqualityResponseFactory(member=consents, sex="female", prioritisation_consent=True)
    EqualityResponseFactory(member=declines, sex="female", prioritisation_consent=False)
    for person in (consents, declines, silent):
        apply(person, opportunity)
    # Equality quotas need the minimum population (EQUALITY_MINIMUM_POPULATION, 10).
    more = applicants(opportunity, 7)
    lottery = lottery_run(
        opportunity=opportunity,
        quotas={"sex": {"female": (0, 1), "not_given": (0, 2)}},
        by=viewer,
        seed=1,
    )
    features = {e.member_id: e.features["sex"] for e in lottery.entries.all()}
    assert features == {
        consents.pk: "female",
        declines.pk: "not_given",
        silent.pk: "not_given",
        **{person.pk: "not_given" for person in more},
    }
    assert EqualityDashboardView.objects.filter(by=viewer, what__contains="Fair lottery").exists()


# --- Staff screens ------------------------------------------------------------------


def errors_title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_staff_run_preview_and_apply_a_lottery_in_the_admin(
    admin_login, staff, django_capture_on_commit_callbacks
):
    opportunity = opportunity_create(places=2)
    north, south = Region.objects.all()[:2]
    applicants(opportunity, 2, region=north)
    applicants(opportunity, 4, region=south)
    client = admin_login(staff)
    shortlist = client.get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "Run a fair lottery" in shortlist
    url = f"/admin/shortlists/{opportunity.pk}/lottery/"
    page = client.get(url).content.decode()
    assert "Region" in page and "Sex" not in page  # no equality features without permission
    quotas_url = f"{url}?features=region"
    page = client.get(quotas_url).content.decode()
    assert north.name in page and "Minimum drawn" in page
    fields = {
        f"q-region-{north.pk}-min": 1,
        f"q-region-{north.pk}-max": 1,
        f"q-region-{south.pk}-min": 1,
        f"q-region-{south.pk}-max": 1,
    }
    response = client.post(quotas_url, fields)
    lottery = Lottery.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/admin/shortlists/lottery/{lottery.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert str(lottery.seed) in page and "Apply this result" in page and "50.0%" in page
    mail.outbox.clear()
    page = client.get(f"/admin/shortlists/lottery/{lottery.pk}/apply/").content.decode()
    assert "Check before you apply" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/shortlists/lottery/{lottery.pk}/apply/", {"waiting": "4"})
    assert response.status_code == 302
    assert Application.objects.filter(status="selected").count() == 2
    assert Application.objects.filter(status="waitlisted").count() == 4
    assert len(mail.outbox) == 6
    page = client.get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "Run a fair lottery" not in page and "Applied" in page


def test_staff_cannot_choose_the_seed_of_a_new_draw(admin_login, staff, opportunity):
    applicants(opportunity, 4)
    client = admin_login(staff)
    quotas_url = f"/admin/shortlists/{opportunity.pk}/lottery/?chosen=1"
    page = client.get(quotas_url).content.decode()
    assert "Draw" in page and 'name="seed"' not in page
    # Trying seeds to pick a panel: a seed sent anyway is not used.
    response = client.post(quotas_url, {"seed": "77"})
    assert response.status_code == 302
    assert Lottery.objects.get().seed != 77


def test_infeasible_quotas_in_the_admin_offer_a_one_click_fix(admin_login, staff):
    opportunity = opportunity_create(places=2)
    north, south = Region.objects.all()[:2]
    applicants(opportunity, 1, region=north)
    applicants(opportunity, 4, region=south)
    client = admin_login(staff)
    quotas_url = f"/admin/shortlists/{opportunity.pk}/lottery/?features=region"
    fields = {
        f"q-region-{north.pk}-min": 2,
        f"q-region-{north.pk}-max": 2,
        f"q-region-{south.pk}-min": 0,
        f"q-region-{south.pk}-max": 0,
    }
    response = client.post(quotas_url, fields)
    page = response.content.decode()
    assert response.status_code == 200 and errors_title(page).startswith("Error:")
    assert "These quotas cannot be met" in page and "Use these instead and draw" in page
    assert f'name="q-region-{north.pk}-min" value="2"' in page  # what was typed is kept
    assert not Lottery.objects.exists()

    class Hidden(HTMLParser):
        def __init__(self):
            super().__init__()
            self.forms, self.fields = [], {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form":
                self.forms.append({})
            if tag == "input" and attrs.get("type") == "hidden" and self.forms:
                self.forms[-1][attrs["name"]] = attrs.get("value", "")

    parser = Hidden()
    parser.feed(page)
    suggested = next(form for form in parser.forms if f"q-region-{north.pk}-min" in form)
    assert suggested[f"q-region-{north.pk}-min"] == "1"
    response = client.post(quotas_url, suggested)
    assert response.status_code == 302 and Lottery.objects.count() == 1


def test_staff_without_the_equality_permission_cannot_ask_for_equality_features(
    admin_login, staff, opportunity
):
    applicants(opportunity, 4)
    client = admin_login(staff)
    response = client.get(f"/admin/shortlists/{opportunity.pk}/lottery/?features=sex")
    page = response.content.decode()
    assert response.status_code == 200 and "not one of the available choices" in page
    assert not EqualityDashboardView.objects.exists()


def test_equality_quotas_are_shown_only_to_staff_with_the_permission(
    admin_login, viewer, opportunity
):
    applicants(opportunity, 10)  # equality quotas need the minimum population
    client = admin_login(viewer)
    page = client.get(f"/admin/shortlists/{opportunity.pk}/lottery/").content.decode()
    assert "Sex" in page and "Age" in page
    lottery = lottery_run(
        opportunity=opportunity, quotas={"sex": {"not_given": (2, 2)}}, by=viewer, seed=4
    )
    assert "Sex" in client.get(f"/admin/shortlists/lottery/{lottery.pk}/").content.decode()
    other = StaffFactory()
    client = admin_login(other)
    page = client.get(f"/admin/shortlists/lottery/{lottery.pk}/").content.decode()
    assert "1 quota on equality answers is not shown" in page
    assert "<caption>Sex</caption>" not in page


def test_the_audit_page_reruns_the_draw_and_says_so(admin_login, staff, opportunity):
    applicants(opportunity, 5)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=21)
    client = admin_login(staff)
    url = f"/admin/shortlists/lottery/{lottery.pk}/audit/"
    page = client.get(url).content.decode()
    assert "only while nobody in it has been erased" in page and "21" in page
    page = client.post(url).content.decode()
    assert "The re-run gave the same people and the same waiting order." in page


LOTTERY_URLS = [
    "/admin/shortlists/{opportunity}/lottery/",
    "/admin/shortlists/{opportunity}/lottery/?features=region",
    "/admin/shortlists/lottery/{lottery}/",
    "/admin/shortlists/lottery/{lottery}/apply/",
    "/admin/shortlists/lottery/{lottery}/audit/",
]


@pytest.mark.parametrize("who", ["member", "researcher", None])
def test_members_researchers_and_visitors_cannot_use_the_lottery_screens(
    client, request, staff, opportunity, who
):
    applicants(opportunity, 3)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=2)
    if who:
        client.force_login(request.getfixturevalue(who))
    for template in LOTTERY_URLS:
        url = template.format(opportunity=opportunity.pk, lottery=lottery.pk)
        assert client.get(url).status_code in (302, 403), url
        assert client.post(url, {"waiting": "1"}).status_code in (302, 403), url
    lottery.refresh_from_db()
    assert lottery.status == "drawn" and Lottery.objects.count() == 1


def test_staff_without_the_select_permission_are_refused_the_lottery_screens(
    admin_login, staff, opportunity
):
    Group.objects.create(name="Admin only").permissions.add(
        Permission.objects.get(codename="access_admin")
    )
    applicants(opportunity, 3)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=2)
    client = admin_login(StaffFactory(roles=["Admin only"]))
    for template in LOTTERY_URLS:
        url = template.format(opportunity=opportunity.pk, lottery=lottery.pk)
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"waiting": "1"}).status_code == 403, url
    lottery.refresh_from_db()
    assert lottery.status == "drawn"


def test_the_lottery_page_query_count_does_not_grow(
    admin_login, staff, django_assert_max_num_queries
):
    few = opportunity_create(places=1)
    many = opportunity_create(places=2)
    applicants(few, 2)
    applicants(many, 25)
    small = lottery_run(opportunity=few, quotas={}, by=staff, seed=1)
    big = lottery_run(opportunity=many, quotas={}, by=staff, seed=1)
    client = admin_login(staff)
    for suffix in ("", "apply/", "audit/"):
        with django_assert_max_num_queries(40) as one:
            client.get(f"/admin/shortlists/lottery/{small.pk}/{suffix}")
        with django_assert_max_num_queries(40) as other:
            client.get(f"/admin/shortlists/lottery/{big.pk}/{suffix}")
        assert len(one.captured_queries) == len(other.captured_queries), suffix


# --- Members: their own chance; erasure and their data -----------------------------


def test_the_member_sees_their_own_chance_on_their_application(client, staff, opportunity):
    people = applicants(opportunity, 4)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=8)
    application = Application.objects.get(member=people[0])
    client.force_login(people[0])
    url = f"/applications/{application.pk}/"
    page = client.get(url).content.decode()
    assert "A fair lottery chose" not in page  # not before it is applied
    lottery_apply(lottery=lottery, by=staff)
    page = client.get(url).content.decode()
    assert "A fair lottery chose 2 people from 4. Your chance was about 1 in 2." in page
    other = Application.objects.get(member=people[1])
    assert client.get(f"/applications/{other.pk}/").status_code == 404


def test_erasure_drops_the_persons_features_and_keeps_the_record(staff):
    opportunity = opportunity_create(places=1)
    north, south = Region.objects.all()[:2]
    people = applicants(opportunity, 2, region=north) + applicants(opportunity, 2, region=south)
    lottery = lottery_run(
        opportunity=opportunity,
        quotas={"region": {str(north.pk): (0, 1), str(south.pk): (0, 1)}},
        by=staff,
        seed=31,
    )
    assert lottery_rerun(lottery=lottery).reproduces
    entry = LotteryEntry.objects.get(member=people[0])
    probability = entry.probability
    account_erase(user=people[0])
    entry.refresh_from_db()
    assert entry.features == {} and entry.member_id is None and entry.application_id is None
    assert entry.probability == probability
    lottery.refresh_from_db()
    assert lottery.seed == 31 and lottery.quotas["region"]["categories"]
    assert lottery_rerun(lottery=lottery).erased == 1


def test_the_audit_page_shows_erased_entries(admin_login, staff, opportunity):
    people = applicants(opportunity, 4)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=8)
    account_erase(user=people[0])
    page = admin_login(staff).get(f"/admin/shortlists/lottery/{lottery.pk}/audit/")
    assert "1 person in this draw has since been erased" in page.content.decode()


def test_the_data_download_has_the_persons_lottery_entries(staff):
    opportunity = opportunity_create(title="Leaflet panel", places=1)
    north = Region.objects.first()
    people = applicants(opportunity, 3, region=north)
    lottery_run(
        opportunity=opportunity, quotas={"region": {str(north.pk): (1, 1)}}, by=staff, seed=2
    )
    data = personal_data_collect(user=people[0])
    found = next(value for key, value in data.items() if "Fair lotteries" in str(key))
    assert found == [
        {
            "Opportunity": "Leaflet panel",
            "Your chance of being chosen": "about 1 in 3",
            "Outcome": LotteryEntry.objects.get(member=people[0]).get_outcome_display(),
            "What the draw used about you": {"Region": north.name},
        }
    ]


def test_one_place_is_put_in_the_singular(
    client, admin_login, staff, django_capture_on_commit_callbacks
):
    opportunity = opportunity_create(places=1)
    people = applicants(opportunity, 3)
    staff_client = admin_login(staff)
    quotas_page = staff_client.get(f"/admin/shortlists/{opportunity.pk}/lottery/?chosen=1")
    assert "1 place is free" in quotas_page.content.decode()
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=3)
    record = staff_client.get(f"/admin/shortlists/lottery/{lottery.pk}/").content.decode()
    assert "over 3 possible panels" in record
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lottery_apply(lottery=lottery, by=staff)
    assert all(
        "a fair lottery chose 1 person from the 3 people waiting" in m.body for m in mail.outbox
    )
    client.force_login(people[0])
    application = Application.objects.get(member=people[0])
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "A fair lottery chose 1 person from 3." in page
    problem = lottery_service.problem_text(
        {"code": "mins_above_places", "feature": "region", "sum": 2, "places": 1}, {}, {}
    )
    assert "more than the 1 place." in problem


def test_chances_are_put_in_plain_words():
    words = lottery_service.chance_in_words
    assert words(0.25) == "about 1 in 4"
    assert words(0.5) == "about 1 in 2"
    assert words(0.37) == "about 37 in 100"
    assert words(0.001) == "less than 1 in 100"
    assert words(1.0) == "certain, because of the quotas"


def test_waiting_times_follow_the_draw_even_when_made_in_the_same_instant(staff, opportunity):
    applicants(opportunity, 5)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=13)
    lottery_apply(lottery=lottery, by=staff)
    times = list(
        Application.objects.filter(status="waitlisted")
        .order_by("lottery_entries__position")
        .values_list("waitlisted_at", flat=True)
    )
    assert times == sorted(times) and len(set(times)) == len(times)
    assert times[-1] - times[0] < datetime.timedelta(seconds=5)


def test_a_drawn_person_who_needs_a_reason_is_selected_with_the_lotterys(staff, opportunity):
    """Training marks people without the induction; the lottery gives its own reason."""
    from tests.training.helpers import training_settings_set
    from training.factories import course_create

    training_settings_set(member_induction=course_create(title="Welcome"))
    applicants(opportunity, 3)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=6)
    lottery_apply(lottery=lottery, by=staff)
    reasons = set(
        Application.objects.filter(status="selected").values_list("events__reason", flat=True)
    )
    assert f"Chosen by the fair lottery (draw {lottery.pk})" in reasons
    assert Application.objects.filter(status="selected").count() == 2


def test_a_new_draw_replaces_one_not_applied(staff, opportunity):
    applicants(opportunity, 4)
    first = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=1)
    lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=2)
    first.refresh_from_db()
    assert first.status == "abandoned"
    with pytest.raises(LotteryError, match="already been applied, or was replaced"):
        lottery_apply(lottery=first, by=staff)
    assert not Application.objects.filter(status="selected").exists()


def test_a_draw_is_not_applied_when_someone_applied_after_it(staff, opportunity):
    """The draw was among those waiting then: applying it would leave a later applicant
    out of the hat, so staff are told to draw again."""
    applicants(opportunity, 4)
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=5)
    late = applicants(opportunity, 1)[0]
    with pytest.raises(LotteryError, match="changed since this draw"):
        lottery_apply(lottery=lottery, by=staff)
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    assert Application.objects.get(member=late).status == "submitted"


def test_the_solver_runs_before_the_lock_and_a_change_meanwhile_is_caught(
    staff, opportunity, monkeypatch
):
    """The draw can take seconds: the opportunity's row lock is taken only after it, and
    someone who applied while it ran makes it refuse to record a draw they were not in."""
    applicants(opportunity, 4)
    steps = []
    real_draw = lottery_service.lottery_draw
    real_lock = lottery_service.opportunity_lock

    def drawing(*args, **kwargs):
        steps.append("draw")
        result = real_draw(*args, **kwargs)
        if len(steps) == 1:
            applicants(opportunity, 1)  # applies while the solver runs
        return result

    def locking(pk):
        steps.append("lock")
        return real_lock(pk)

    monkeypatch.setattr(lottery_service, "lottery_draw", drawing)
    monkeypatch.setattr(lottery_service, "opportunity_lock", locking)
    with pytest.raises(LotteryError, match="changed since this draw"):
        lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=9)
    assert steps == ["draw", "lock"]
    assert not Lottery.objects.exists()
    # Run again, everyone is in it.
    lottery = lottery_run(opportunity=opportunity, quotas={}, by=staff, seed=9)
    assert lottery.entries.count() == 5
