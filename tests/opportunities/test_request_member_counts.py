"""While writing a request, a researcher sees about how many members might fit its topics
and format: an aggregate only, suppressed below the threshold and rounded so that
neither asking again nor editing the topics one at a time gives a member away."""

import itertools

import pytest
from django.test import override_settings

from members.demo_content import demo_groups_create
from members.factories import MemberFactory, ResearcherFactory, StaffFactory
from members.models import GroupMembership, MemberProfile, Topic, User
from members.selectors import profiles as selectors
from members.selectors.profiles import member_count_who_might_fit, topics_that_fit
from members.suppression import rounded_count
from opportunities.factories import ResearchRequestFactory
from opportunities.models import ResearchRequest
from opportunities.scale_data import members_bulk_create

pytestmark = pytest.mark.django_db

_seed = itertools.count(100)


@pytest.fixture
def group():
    return demo_groups_create()[0]


@pytest.fixture
def tree():
    """A category with two conditions beneath it, and an unrelated category."""
    category = Topic.objects.create(name="Test hormones")
    return {
        "category": category,
        "diabetes": Topic.objects.create(name="Test diabetes", parent=category),
        "thyroid": Topic.objects.create(name="Test thyroid", parent=category),
        "other": Topic.objects.create(name="Test breathing"),
    }


def members(count, group, *, topics=(), formats=(), status="active", **user_fields):
    """`count` members made in bulk, with these topics and ways to take part, in `group`
    with a membership of this status (None: no membership at all)."""
    ids = members_bulk_create(count, seed=next(_seed), involved_share=0)
    if user_fields:
        User.objects.filter(pk__in=ids).update(**user_fields)
    profiles = list(MemberProfile.objects.filter(user_id__in=ids))
    MemberProfile.topics.through.objects.bulk_create(
        [
            MemberProfile.topics.through(memberprofile_id=profile.pk, topic_id=topic.pk)
            for profile in profiles
            for topic in topics
        ]
    )
    if formats:
        MemberProfile.objects.filter(user_id__in=ids).update(**dict.fromkeys(formats, True))
    if status:
        GroupMembership.objects.bulk_create(
            [GroupMembership(member_id=pk, group=group, status=status) for pk in ids]
        )
    return ids


def exact(topics, format_flag=None):
    """The count before rounding: the rounded figure with rounding switched off."""
    with override_settings(EQUALITY_MINIMUM_POPULATION=1, EQUALITY_SUPPRESSION_THRESHOLD=1):
        base = selectors.MEMBER_COUNT_BASE
        selectors.MEMBER_COUNT_BASE = 1
        try:
            return member_count_who_might_fit(
                topic_ids=[t.pk for t in topics], format_flag=format_flag
            ).about
        finally:
            selectors.MEMBER_COUNT_BASE = base


# --- Who counts --------------------------------------------------------------------


def test_a_condition_fits_its_category_and_the_category_fits_its_conditions(tree):
    parents = dict(Topic.objects.values_list("pk", "parent_id"))
    category, diabetes, thyroid = tree["category"].pk, tree["diabetes"].pk, tree["thyroid"].pk
    assert topics_that_fit([diabetes], parents) == {diabetes, category}
    assert topics_that_fit([category], parents) == {category, diabetes, thyroid}


def test_members_who_named_a_narrower_or_broader_topic_are_counted(group, tree):
    members(3, group, topics=[tree["diabetes"]])
    members(4, group, topics=[tree["category"]])
    members(5, group, topics=[tree["thyroid"]])
    members(6, group, topics=[tree["other"]])
    # "Diabetes": its own 3, and the 4 who named its category; not thyroid (a sibling).
    assert exact([tree["diabetes"]]) == 7
    # The category: everyone beneath it, and those who named it.
    assert exact([tree["category"]]) == 12
    # One member with two fitting topics is counted once.
    members(1, group, topics=[tree["diabetes"], tree["category"]])
    assert exact([tree["diabetes"], tree["category"]]) == 13


def test_only_members_who_can_take_part_that_way_or_chose_no_way_are_counted(group, tree):
    members(2, group, topics=[tree["diabetes"]], formats=["format_online"])
    members(3, group, topics=[tree["diabetes"]], formats=["format_paper"])
    members(4, group, topics=[tree["diabetes"]])  # no format chosen: any way suits them
    assert exact([tree["diabetes"]], "format_online") == 6
    assert exact([tree["diabetes"]], "format_paper") == 7
    assert exact([tree["diabetes"]], "format_phone") == 4
    assert exact([tree["diabetes"]]) == 9


def test_inactive_accounts_ended_memberships_and_non_members_are_not_counted(group, tree):
    members(2, group, topics=[tree["diabetes"]])
    members(3, group, topics=[tree["diabetes"]], is_active=False)
    members(4, group, topics=[tree["diabetes"]], status=GroupMembership.Status.ENDED)
    members(5, group, topics=[tree["diabetes"]], status=GroupMembership.Status.APPLIED)
    members(6, group, topics=[tree["diabetes"]], status=None)
    # Someone with a profile who is not a member (a researcher with an active membership
    # row would be a data error; they are still not counted without the Member role).
    researcher = ResearcherFactory()
    profile = MemberProfile.objects.create(user=researcher)
    profile.topics.add(tree["diabetes"])
    GroupMembership.objects.create(member=researcher, group=group, status="active")
    assert exact([tree["diabetes"]]) == 2


def test_a_request_with_no_topics_counts_every_active_member_who_can_take_part(group, tree):
    members(3, group, topics=[tree["other"]])
    members(2, group)
    assert exact([]) == 5


# --- What is shown -----------------------------------------------------------------


def test_below_the_threshold_only_fewer_than_is_said_whatever_the_draw():
    for count in range(10):
        for draw in (0.0, 0.5, 0.999):
            assert rounded_count(count, draw=draw, threshold=10) is None


def test_figures_are_multiples_of_ten_either_side_of_the_count():
    for count in range(10, 200):
        for draw in (0.0, 0.25, 0.5, 0.75, 0.999):
            shown = rounded_count(count, draw=draw, threshold=10)
            assert shown % 10 == 0 and shown - 10 < count < shown + 10 or shown == count


def _chances(count: int) -> dict[int | None, float]:
    """The exact chance of each figure for `count` people, over a uniform draw."""
    rest = count % 10
    if count < 10:
        return {None: 1.0}
    down = count - rest
    return {down: 1 - rest / 10, down + 10: rest / 10} if rest else {count: 1.0}


def test_one_member_more_or_less_never_decides_the_figure():
    """A researcher who edits the topics one at a time compares counts that differ by
    one member. Rounding to the nearest 10 would give that member away at each edge
    (14 shows 10, 15 shows 20); here each figure's chance moves by at most a tenth."""
    for count in range(10, 300):
        before, after = _chances(count), _chances(count + 1)
        for figure in set(before) | set(after):
            assert abs(before.get(figure, 0) - after.get(figure, 0)) <= 0.1 + 1e-9
    # The edge of nearest-10 rounding: both counts can show either figure.
    assert {rounded_count(14, draw=d / 100, threshold=10) for d in range(100)} == {10, 20}
    assert {rounded_count(15, draw=d / 100, threshold=10) for d in range(100)} == {10, 20}
    # And the figure is right on average, so it is not biased either way.
    for count in (14, 15, 37):
        assert sum(f * p for f, p in _chances(count).items()) == pytest.approx(count)


def test_the_same_members_always_give_the_same_figure_so_asking_again_averages_nothing(group, tree):
    members(37, group, topics=[tree["diabetes"]])
    figures = {member_count_who_might_fit(topic_ids=[tree["diabetes"].pk]).about for _ in range(5)}
    assert len(figures) == 1 and figures <= {30, 40}
    # The same people reached through other topics: the same figure.
    assert (
        member_count_who_might_fit(topic_ids=[tree["diabetes"].pk, tree["other"].pk]).about
        in figures
    )


def test_the_figure_is_hidden_below_the_threshold(group, tree):
    members(9, group, topics=[tree["diabetes"]])
    count = member_count_who_might_fit(topic_ids=[tree["diabetes"].pk])
    assert count.about is None and count.threshold == 10


# --- In the researcher's journey ----------------------------------------------------


def draft(researcher, topics, format=""):
    research_request = ResearchRequestFactory(
        researcher=researcher, status=ResearchRequest.Status.DRAFT, format=format
    )
    research_request.topics.set(topics)
    return research_request


def test_after_choosing_topics_the_researcher_sees_about_how_many_members_fit(
    client, researcher, group, tree
):
    members(42, group, topics=[tree["diabetes"]])
    research_request = draft(researcher, [tree["category"]])
    client.force_login(researcher)
    page = client.get(f"/requests/{research_request.pk}/format/").content.decode()
    assert "members told us about these topics." in page
    assert "About 40 members" in page or "About 50 members" in page
    # Nor on the pages before the topics are chosen.
    assert (
        "members told us"
        not in client.get(f"/requests/{research_request.pk}/role/").content.decode()
    )


def test_after_choosing_a_format_the_count_takes_it_into_account(client, researcher, group, tree):
    members(25, group, topics=[tree["diabetes"]], formats=["format_paper"])
    members(5, group, topics=[tree["diabetes"]], formats=["format_online"])
    research_request = draft(researcher, [tree["diabetes"]])
    client.force_login(researcher)
    response = client.post(
        f"/requests/{research_request.pk}/format/", {"format": "online", "place": ""}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert (
        "Fewer than 10 members told us about these topics and can take part this way: "
        "the involvement team may look further afield." in page
    )
    check = client.get(f"/requests/{research_request.pk}/check/").content.decode()
    assert "Fewer than 10 members told us about these topics and can take part this way" in check
    research_request.format = "mixed"
    research_request.save()
    check = client.get(f"/requests/{research_request.pk}/check/").content.decode()
    assert "About 30 members told us about these topics." in check


def test_with_no_topics_and_no_format_a_small_count_speaks_of_the_reference_groups(
    client, researcher, group
):
    members(4, group)
    research_request = draft(researcher, [], format="mixed")
    client.force_login(researcher)
    check = client.get(f"/requests/{research_request.pk}/check/").content.decode()
    assert "Fewer than 10 members are in our reference groups" in check
    assert "can take part this way" not in check  # no way was chosen


def test_the_rounding_note_shows_only_under_a_rounded_figure_with_the_real_base(
    client, researcher, group, tree, monkeypatch
):
    members(4, group, topics=[tree["diabetes"]])
    research_request = draft(researcher, [tree["diabetes"]])
    client.force_login(researcher)
    url = f"/requests/{research_request.pk}/check/"
    page = client.get(url).content.decode()
    assert "Fewer than 10 members told us about these topics" in page
    assert "rounded up or down" not in page and "We never tell researchers who" in page
    members(40, group, topics=[tree["diabetes"]])
    monkeypatch.setattr(selectors, "MEMBER_COUNT_BASE", 5)
    page = client.get(url).content.decode()
    assert "members told us about these topics." in page
    assert "rounded up or down to a multiple of 5." in page


def test_the_page_never_names_a_member_or_their_topics(client, researcher, group, tree):
    ids = members(12, group, topics=[tree["diabetes"]])
    named = MemberFactory(name="Zebedee Unlikely-Name")
    GroupMembership.objects.create(member=named, group=group, status="active")
    MemberProfile.objects.create(user=named).topics.add(tree["thyroid"], tree["diabetes"])
    research_request = draft(researcher, [tree["diabetes"]])
    client.force_login(researcher)
    page = client.get(f"/requests/{research_request.pk}/check/").content.decode()
    assert "members told us about these topics" in page
    assert "Zebedee" not in page and tree["thyroid"].name not in page
    assert "Member 1" not in page and "scale-" not in page and len(ids) == 12


def test_another_researcher_cannot_see_the_count_for_someone_elses_request(
    client, researcher, group, tree
):
    members(40, group, topics=[tree["diabetes"]])
    research_request = draft(researcher, [tree["diabetes"]])
    client.force_login(ResearcherFactory())
    for url in (
        f"/requests/{research_request.pk}/format/",
        f"/requests/{research_request.pk}/check/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "members told us" not in response.content.decode()


@pytest.mark.parametrize("who", ["member", "staff", "signed_out"])
def test_members_staff_and_strangers_see_no_count(client, researcher, group, tree, who):
    members(40, group, topics=[tree["diabetes"]])
    research_request = draft(researcher, [tree["diabetes"]])
    if who == "member":
        client.force_login(MemberFactory())
    elif who == "staff":
        client.force_login(StaffFactory())
    for url in (
        f"/requests/{research_request.pk}/format/",
        f"/requests/{research_request.pk}/check/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert "members told us" not in response.content.decode()


# --- Cost -----------------------------------------------------------------------------


def test_the_count_costs_the_same_queries_with_10_and_1000_members(
    client, researcher, group, tree, django_assert_max_num_queries
):
    members(10, group, topics=[tree["diabetes"]], formats=["format_online"])
    research_request = draft(researcher, [tree["diabetes"], tree["category"]], format="online")
    with django_assert_max_num_queries(2) as few:
        member_count_who_might_fit(topic_ids=[tree["diabetes"].pk], format_flag="format_online")
    client.force_login(researcher)
    url = f"/requests/{research_request.pk}/check/"
    client.get(url)
    with django_assert_max_num_queries(60) as page_few:
        client.get(url)

    members(990, group, topics=[tree["diabetes"], tree["thyroid"]], formats=["format_online"])
    with django_assert_max_num_queries(2) as many:
        member_count_who_might_fit(topic_ids=[tree["diabetes"].pk], format_flag="format_online")
    with django_assert_max_num_queries(60) as page_many:
        page = client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(page_many.captured_queries) == len(page_few.captured_queries)
    assert "About 1,000 members told us about these topics and can take part this way." in page


def test_staff_triaging_the_request_see_the_same_protected_figure(
    admin_login, staff, researcher, group, tree
):
    members(4, group, topics=[tree["diabetes"]])
    research_request = ResearchRequestFactory(researcher=researcher)  # sent, online
    research_request.topics.set([tree["diabetes"]])
    page = admin_login(staff).get(f"/admin/requests-for-input/{research_request.pk}/")
    assert page.status_code == 200
    assert (
        "Fewer than 10 members told us about these topics and can take part this way"
        in page.content.decode()
    )


def test_a_broader_topic_fits_all_beneath_it_when_a_narrower_one_is_asked_for_too():
    """Asked about "Type 2 diabetes" and its grandparent: the grandparent's other
    conditions fit too, whichever topic is looked at first (the narrower topic's walk
    up must not stop the broader one's walk down). Topics added to the tree later have
    larger ids than their categories, or smaller: both orders are tried."""
    # 30 Metabolic ⟶ 20 Diabetes ⟶ 1 Type 2, 2 Type 1; 30 ⟶ 40 Thyroid; 50 on its own.
    parents = {30: None, 20: 30, 1: 20, 2: 20, 40: 30, 50: None}
    assert topics_that_fit([1, 30], parents) == {30, 20, 1, 2, 40}
    # The same tree numbered the other way round.
    parents = {1: None, 2: 1, 30: 2, 20: 2, 40: 1, 50: None}
    assert topics_that_fit([30, 1], parents) == {1, 2, 30, 20, 40}
