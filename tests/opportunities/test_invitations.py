"""Staff find members to invite to apply, ranked with reasons, and invite them: once per
person, an email that respects their email choices, shown on the shortlist as invited
then applied; the equality filter only through the door and only with its permission."""

import datetime
import io
import json
import time
import zipfile

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from members.factories import (
    EqualityResponseFactory,
    MemberFactory,
    StaffFactory,
)
from members.models import (
    EqualityDashboardView,
    GroupMembership,
    MemberProfile,
    ReferenceGroupPage,
    Region,
    Topic,
    User,
)
from members.services.personal_data import account_erase
from opportunities.factories import opportunity_create
from opportunities.matching.candidates import CandidateFilters, invitation_candidates
from opportunities.models import Format, Invitation, NotForMe, OpportunityPage
from opportunities.scale_data import members_bulk_create
from opportunities.services.applications import application_submit
from opportunities.services.invitations import (
    INVITED,
    InvitationError,
    invitations_send,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def url(opportunity) -> str:
    return f"/admin/shortlists/{opportunity.pk}/invite/"


@pytest.fixture
def topic(db):
    return Topic.objects.filter(parent__isnull=False).order_by("pk").first()


@pytest.fixture
def opportunity(topic):
    return opportunity_create(title="Shape the diabetes app", topics=[topic])


def person(name, *, topics=(), email=None, **profile):
    fields = {"name": name}
    if email is not None:
        fields["email"] = email
    user = MemberFactory(**fields)
    made = MemberProfile.objects.create(user=user, **profile)
    if topics:
        made.topics.set(topics)
    return user


def names(candidates) -> list[str]:
    return [str(User.objects.get(pk=pk)) for pk in candidates.ids]


def row(page: str, name: str) -> str:
    """The rest of the table row that links to `name`."""
    return page.split(f">{name}</a>")[1].split("</tr>")[0]


def apply(member, opportunity):
    return application_submit(member=member, opportunity=opportunity, statement="Keen")


# --- Ranking and reasons ------------------------------------------------------------------


def test_members_who_applied_are_left_out_and_the_rest_ranked_by_score(staff, opportunity, topic):
    close = person("Close Match", topics=[topic])
    person("No Topics")
    applied = person("Already Applied", topics=[topic])
    apply(applied, opportunity)
    assert names(invitation_candidates(opportunity, by=staff)) == ["Close Match", "No Topics"]
    candidate = invitation_candidates(opportunity, by=staff)[0]
    assert candidate.member == close
    assert f"you told us about {topic.name}" in [r.text for r in candidate.match.reasons]


def test_a_withdrawn_application_does_not_count_as_applied(staff, opportunity, topic):
    from opportunities.services.applications import application_withdraw

    withdrew = person("Changed Mind", topics=[topic])
    application_withdraw(application=apply(withdrew, opportunity))
    assert names(invitation_candidates(opportunity, by=staff)) == ["Changed Mind"]


def test_staff_who_are_members_are_not_listed_for_themselves(opportunity, topic):
    staff_member = StaffFactory(name="Staff And Member", roles=["Involvement staff", "Member"])
    MemberProfile.objects.create(user=staff_member)
    colleague = StaffFactory(name="Colleague")
    assert "Staff And Member" not in names(invitation_candidates(opportunity, by=staff_member))
    assert "Staff And Member" in names(invitation_candidates(opportunity, by=colleague))


def test_the_page_shows_name_region_last_taken_part_and_reasons(
    admin_login, staff, opportunity, topic
):
    region = Region.objects.order_by("pk").first()
    person("Nadia New", topics=[topic], region=region)
    person("Olu Earlier", last_involved_on=datetime.date(2025, 3, 4))
    response = admin_login(staff).get(url(opportunity))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Find members to invite" in page
    nadia = row(page, "Nadia New")
    assert region.name in nadia and "Never" in nadia
    assert f"You told us about {topic.name}" in nadia
    olu = row(page, "Olu Earlier")
    assert "March 2025" in olu
    assert page.index("Nadia New") < page.index("Olu Earlier")
    assert 'for="invite-' in page and "Invite to apply" in page


def test_access_needs_never_appear_on_the_invite_screen(admin_login, staff, topic):
    # Access needs are health data: staff see them only through the logged door, never as
    # a reason on this screen (the score may still count them).
    opportunity = opportunity_create(title="Signed panel", topics=[topic], access_offered=["bsl"])
    needs = person("Needs Signing", topics=[topic], access_bsl=True)
    candidate = invitation_candidates(opportunity, by=staff)[0]
    assert candidate.member == needs
    assert [r.kind for r in candidate.match.reasons if r.kind == "access"] == []
    page = admin_login(staff).get(url(opportunity)).content.decode()
    assert "Sign Language" not in page and "which you told us you need" not in page
    assert f"You told us about {topic.name}" in row(page, "Needs Signing")


def test_members_who_said_not_for_me_are_not_listed(staff, opportunity, topic):
    declined = person("Said Not For Me", topics=[topic])
    NotForMe.objects.create(member=declined, opportunity=opportunity)
    person("Still Keen", topics=[topic])
    assert names(invitation_candidates(opportunity, by=staff)) == ["Still Keen"]


def test_hard_mismatches_are_hidden_unless_asked_for_and_then_come_last(admin_login, staff, topic):
    opportunity = opportunity_create(
        topics=[topic], format=Format.IN_PERSON, region=Region.objects.order_by("pk").first()
    )
    person("Home Only", topics=[topic], travel="home")
    person("Anyone Else")
    client = admin_login(staff)
    page = client.get(url(opportunity)).content.decode()
    assert "Anyone Else" in page and "Home Only" not in page
    page = client.get(url(opportunity) + "?unsuited=on").content.decode()
    assert page.index("Anyone Else") < page.index("Home Only")
    home_only = row(page, "Home Only")
    assert "It may not suit them" in home_only
    assert "It is in person, and you take part from home only" in home_only


# --- Filters ------------------------------------------------------------------------------


def test_filters_narrow_to_a_group_a_region_and_people_never_involved(
    admin_login, staff, opportunity
):
    group = ReferenceGroupPage.objects.first() or _group()
    north, south = Region.objects.order_by("pk")[:2]
    in_group = person("In Group", region=north)
    GroupMembership.objects.create(
        member=in_group, group=group, status=GroupMembership.Status.ACTIVE, started_on=TODAY
    )
    person("Southerner", region=south, last_involved_on=TODAY - datetime.timedelta(days=30))
    person("Never Been", region=south)
    by_filters = lambda **f: names(  # noqa: E731
        invitation_candidates(opportunity, by=staff, filters=CandidateFilters(**f))
    )
    assert by_filters(group_id=group.pk) == ["In Group"]
    assert sorted(by_filters(region_id=south.pk)) == ["Never Been", "Southerner"]
    assert "Southerner" not in by_filters(never_taken_part=True)
    client = admin_login(staff)
    page = client.get(url(opportunity) + f"?group={group.pk}").content.decode()
    assert "In Group" in page and "Never Been" not in page
    page = client.get(url(opportunity) + f"?region={south.pk}&never=on").content.decode()
    assert "Never Been" in page and "Southerner" not in page and "In Group" not in page
    assert '<label class="w-field__label" for="id_region"' in page


def _group():
    from members.demo_content import demo_groups_create

    return demo_groups_create()[0]


def test_bad_filter_values_come_back_with_a_message(admin_login, staff, opportunity):
    response = admin_login(staff).get(url(opportunity) + "?region=999999")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page and "There is a problem" in page


# --- The equality filter: only through the door, only with the permission ----------------


@pytest.fixture
def viewer(staff):
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    return User.objects.get(pk=staff.pk)


@pytest.fixture
def seeking(topic):
    return opportunity_create(
        title="Leaflet panel", topics=[topic], seeks_voices="ethnicity:bangladeshi"
    )


@pytest.fixture
def consenting(topic):
    asha = person("Asha Consents")
    EqualityResponseFactory(member=asha, ethnicity="bangladeshi", prioritisation_consent=True)
    bea = person("Bea Declines", topics=[topic])
    EqualityResponseFactory(member=bea, ethnicity="bangladeshi", prioritisation_consent=False)
    return asha


def test_staff_with_the_equality_permission_filter_through_the_door_and_it_is_logged(
    admin_login, viewer, seeking, consenting
):
    client = admin_login(viewer)
    page = client.get(url(seeking)).content.decode()
    assert 'name="prioritised"' in page and "ethnicity:bangladeshi" in page
    assert "Bea Declines" in page  # no filter until asked for: nothing read, nothing logged
    assert not EqualityDashboardView.objects.exists()
    page = client.get(url(seeking) + "?prioritised=on").content.decode()
    assert "Asha Consents" in page and "Bea Declines" not in page
    assert "bangladeshi" not in page.split("invite-table")[1]  # nobody's answer shown
    logged = EqualityDashboardView.objects.get()
    assert logged.by == viewer and "Leaflet panel" in logged.what


def test_the_equality_filter_does_not_send_every_ranked_id_to_the_door(
    viewer, seeking, consenting, monkeypatch
):
    # Up to 100,000 ranked ids in one IN list fails on SQLite above ~32k parameters and
    # is slow on PostgreSQL: the door is asked for its (small) set of matches instead.
    from members.selectors import equality
    from opportunities.matching import candidates as module

    asked = []

    def door(**kwargs):
        asked.append(kwargs)
        return equality.seeks_voices_matches(**kwargs)

    monkeypatch.setattr(module, "seeks_voices_matches", door)
    found = invitation_candidates(
        seeking, by=viewer, filters=CandidateFilters(seeks="ethnicity:bangladeshi")
    )
    assert names(found) == ["Asha Consents"] and found.equality_filtered
    assert len(asked) == 1 and asked[0].get("member_ids") is None


def test_the_equality_filter_asks_for_a_group_when_the_opportunity_names_none(
    admin_login, viewer, opportunity, consenting
):
    page = admin_login(viewer).get(url(opportunity) + "?prioritised=on").content.decode()
    assert "Choose the group that is missing" in page
    assert not EqualityDashboardView.objects.exists()


def test_without_the_equality_permission_the_field_is_absent_and_a_crafted_address_ignored(
    admin_login, staff, seeking, consenting
):
    assert not staff.has_perm("members.view_equality_dashboard")
    client = admin_login(staff)
    page = client.get(url(seeking)).content.decode()
    assert 'name="prioritised"' not in page and 'name="seeks"' not in page
    page = client.get(url(seeking) + "?prioritised=on&seeks=ethnicity:bangladeshi").content
    assert "Bea Declines" in page.decode() and "Asha Consents" in page.decode()
    candidates = invitation_candidates(
        seeking, by=staff, filters=CandidateFilters(seeks="ethnicity:bangladeshi")
    )
    assert not candidates.equality_filtered and len(candidates) == 2
    assert not EqualityDashboardView.objects.exists()


# --- Inviting -------------------------------------------------------------------------------


def test_choosing_people_shows_a_check_page_then_invites_and_emails_once(
    admin_login, staff, opportunity, django_capture_on_commit_callbacks
):
    chosen = person("Chosen One", email="chosen@example.org")
    client = admin_login(staff)
    check = client.post(url(opportunity), {"member": [chosen.pk]})
    assert check.status_code == 200
    page = check.content.decode()
    assert "Check before you invite" in page and "Chosen One" in page and "Will be emailed" in page
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url(opportunity), {"member": [chosen.pk], "confirm": "1"})
    assert sent.status_code == 302 and sent["Location"] == url(opportunity)
    invitation = Invitation.objects.get()
    assert (invitation.member, invitation.invited_by) == (chosen, staff)
    assert invitation.emailed_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["chosen@example.org"]
    assert email.subject == "You are invited to apply: Shape the diabetes app"
    assert "your experience and what you told us could help" in email.body
    assert opportunity.url in email.body
    assert opportunity.closing_date.strftime("%-d %B %Y") in email.body
    entry = ModelLogEntry.objects.get(action=INVITED)
    assert entry.object_id == str(chosen.pk) and entry.user_id == staff.pk
    assert entry.content_type == ContentType.objects.get_for_model(User)

    # A second invitation of the same person sends nothing and makes no second row.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url(opportunity), {"member": [chosen.pk], "confirm": "1"})
    assert again.status_code == 302
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1
    follow = client.get(url(opportunity)).content.decode()
    chosen_row = row(follow, "Chosen One")
    assert "Invited on" in chosen_row and 'name="member"' not in chosen_row


def test_the_email_never_names_topics_or_reasons(
    staff, opportunity, topic, django_capture_on_commit_callbacks
):
    matched = person("Topic Person", topics=[topic])
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(opportunity=opportunity, member_ids=[matched.pk], by=staff)
    body = mail.outbox[0].body
    assert topic.name not in body and "you told us about" not in body


def test_the_service_is_idempotent_per_person(staff, opportunity):
    chosen = person("Twice Chosen")
    first = invitations_send(opportunity=opportunity, member_ids=[chosen.pk], by=staff)
    second = invitations_send(
        opportunity=opportunity, member_ids=[chosen.pk], by=StaffFactory(name="Other")
    )
    assert len(first.invited) == 1 and first.emailed == 1
    assert second.invited == [] and second.skipped == 1 and second.emailed == 0
    assert Invitation.objects.count() == 1


def test_people_whose_email_choices_say_no_are_invited_but_not_emailed_and_staff_told(
    admin_login, staff, opportunity, django_capture_on_commit_callbacks
):
    paused = person(
        "Paused Pat",
        updates=MemberProfile.Updates.PAUSED,
        updates_paused_until=TODAY + datetime.timedelta(days=30),
    )
    no_email = person("Phone Only")
    User.objects.filter(pk=no_email.pk).update(email=None)
    pause_over = person(
        "Pause Over",
        updates=MemberProfile.Updates.PAUSED,
        updates_paused_until=TODAY - datetime.timedelta(days=1),
    )
    client = admin_login(staff)
    ids = [paused.pk, no_email.pk, pause_over.pk]
    check = client.post(url(opportunity), {"member": ids}).content.decode()
    assert "2 people will not be emailed because of their email choices" in check
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(opportunity), {"member": ids, "confirm": "1"}, follow=True)
    page = response.content.decode()
    assert "3 people invited to apply." in page
    assert "2 people were not emailed because of their email choices" in page
    assert [m.to for m in mail.outbox] == [[pause_over.email]]
    emailed = dict(Invitation.objects.values_list("member_id", "emailed_at"))
    assert emailed[paused.pk] is None and emailed[no_email.pk] is None
    assert emailed[pause_over.pk] is not None


def test_members_who_said_not_for_me_are_neither_invited_nor_emailed(
    staff, opportunity, django_capture_on_commit_callbacks
):
    declined = person("Said Not For Me")
    NotForMe.objects.create(member=declined, opportunity=opportunity)
    with django_capture_on_commit_callbacks(execute=True):
        sent = invitations_send(opportunity=opportunity, member_ids=[declined.pk], by=staff)
    assert sent.invited == [] and sent.skipped == 1
    assert not Invitation.objects.exists() and mail.outbox == []


def test_one_person_not_emailed_is_told_in_the_singular_and_the_filters_are_kept(
    admin_login, staff, opportunity, django_capture_on_commit_callbacks
):
    phone_only = person("Phone Only")
    User.objects.filter(pk=phone_only.pk).update(email=None)
    client = admin_login(staff)
    filtered = url(opportunity) + "?never=on&unsuited=on"
    check = client.post(filtered, {"member": [phone_only.pk]}).content.decode()
    assert "1 person will not be emailed because of their email choices" in check
    assert f'action="{filtered.replace("&", "&amp;")}"' in check
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(filtered, {"member": [phone_only.pk], "confirm": "1"})
    assert sent.status_code == 302 and sent["Location"] == filtered
    page = client.get(sent["Location"]).content.decode()
    assert "1 person was not emailed because of their email choices" in page


def test_inviting_nobody_comes_back_with_a_message(admin_login, staff, opportunity):
    person("Someone")
    response = admin_login(staff).post(url(opportunity), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page and "Choose at least one person to invite" in page


def test_inviting_yourself_is_refused(admin_login, opportunity):
    staff_member = StaffFactory(name="Staff And Member", roles=["Involvement staff", "Member"])
    MemberProfile.objects.create(user=staff_member)
    with pytest.raises(InvitationError):
        invitations_send(opportunity=opportunity, member_ids=[staff_member.pk], by=staff_member)
    client = admin_login(staff_member)
    check = client.post(url(opportunity), {"member": [staff_member.pk]}).content.decode()
    assert "You cannot invite yourself" in check
    response = client.post(
        url(opportunity), {"member": [staff_member.pk], "confirm": "1"}, follow=True
    )
    assert "This is your own record" in response.content.decode()
    assert not Invitation.objects.exists()


def test_only_people_who_may_see_the_opportunity_are_invited(staff, topic):
    group = _group()
    only_group = opportunity_create(
        topics=[topic], visibility=OpportunityPage.Visibility.GROUPS, groups=[group]
    )
    inside = person("Inside")
    GroupMembership.objects.create(
        member=inside, group=group, status=GroupMembership.Status.ACTIVE, started_on=TODAY
    )
    outside = person("Outside")
    result = invitations_send(opportunity=only_group, member_ids=[inside.pk, outside.pk], by=staff)
    assert [i.member_id for i in result.invited] == [inside.pk] and result.skipped == 1


def test_a_closed_opportunity_cannot_be_invited_to(staff):
    closed = opportunity_create()
    OpportunityPage.objects.filter(pk=closed.pk).update(
        closing_date=TODAY - datetime.timedelta(days=1)
    )
    with pytest.raises(InvitationError):
        invitations_send(opportunity=closed, member_ids=[person("Late").pk], by=staff)


# --- On the shortlist: invited → applied ---------------------------------------------------


def test_an_invited_member_who_applies_shows_as_applied_on_the_shortlist(
    admin_login, staff, opportunity
):
    keen = person("Keen Kim")
    waiting = person("Waiting Wes")
    invitations_send(opportunity=opportunity, member_ids=[keen.pk, waiting.pk], by=staff)
    apply(keen, opportunity)
    page = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert "Invited to apply: 2 people" in page
    invited = page.split('id="shortlist-invited"')[1]
    assert "Applied on" in row(invited, "Keen Kim")
    assert "Not yet" in row(invited, "Waiting Wes")
    applicants = page.split('id="shortlist-invited"')[0]
    assert "Invited on" in row(applicants, "Keen Kim")
    assert "Find members to invite" in page
    # and the applicant is no longer a candidate
    assert "Keen Kim" not in names(invitation_candidates(opportunity, by=staff))


# --- Data download and erasure --------------------------------------------------------------


def test_invitations_are_in_the_data_download(client, staff, opportunity):
    invited = person("Download Dee")
    invitations_send(opportunity=opportunity, member_ids=[invited.pk], by=staff)
    client.force_login(invited)
    response = client.post("/account/your-data/download/")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("your-data.json"))
    rows = data["Invitations to apply"]
    assert rows[0]["Opportunity"] == "Shape the diabetes app"
    assert rows[0]["Invited"] and rows[0]["Emailed"]


def test_erasure_removes_invitations_and_the_name_from_the_log(staff, opportunity):
    invited = person("Erased Eve")
    invitations_send(opportunity=opportunity, member_ids=[invited.pk], by=staff)
    account_erase(user=invited)
    assert not Invitation.objects.exists()
    entry = ModelLogEntry.objects.get(action=INVITED)
    assert "Erased Eve" not in entry.label and entry.data == {}


# --- Refusals ---------------------------------------------------------------------------------


def test_people_without_the_select_permission_are_refused(
    client, admin_login, opportunity, member, researcher
):
    target = person("Target")
    assert client.get(url(opportunity))["Location"].startswith("/accounts/login/")
    for who in (member, researcher):
        client.force_login(who)
        assert client.get(url(opportunity)).status_code in (302, 403)
        response = client.post(url(opportunity), {"member": [target.pk], "confirm": "1"})
        assert response.status_code in (302, 403)
    bare = Group.objects.create(name="Admin access only")
    bare.permissions.add(Permission.objects.get(codename="access_admin"))
    no_permission = StaffFactory(name="Admin Only", roles=[bare.name])
    signed_in = admin_login(no_permission)
    assert not no_permission.has_perm("opportunities.select_applicants")
    assert signed_in.get(url(opportunity)).status_code in (302, 403)
    response = signed_in.post(url(opportunity), {"member": [target.pk], "confirm": "1"})
    assert response.status_code in (302, 403)
    assert not Invitation.objects.exists()


def test_staff_without_the_second_factor_are_sent_to_it(client, staff, opportunity, with_totp):
    target = person("Target")
    client.force_login(with_totp(staff))  # a password only, in this session
    for response in (
        client.get(url(opportunity)),
        client.post(url(opportunity), {"member": [target.pk], "confirm": "1"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert not Invitation.objects.exists()


# --- Query budgets ---------------------------------------------------------------------------


def _page_queries(client, address, django_assert_max_num_queries) -> int:
    client.get(address)
    with django_assert_max_num_queries(60) as counted:
        assert client.get(address).status_code == 200
    return len(counted.captured_queries)


def test_the_invite_screen_keeps_a_fixed_query_count(
    admin_login, viewer, seeking, django_assert_max_num_queries
):
    client = admin_login(viewer)
    address = url(seeking) + "?prioritised=on&unsuited=on"
    members_bulk_create(10, seed=7, with_answers=True)
    few = _page_queries(client, address, django_assert_max_num_queries)
    members_bulk_create(120, seed=8, with_answers=True)
    invitations_send(
        opportunity=seeking,
        member_ids=User.objects.filter(email__startswith="scale-8-").values_list("pk", flat=True),
        by=StaffFactory(),
    )
    many = _page_queries(client, address, django_assert_max_num_queries)
    assert many == few
    plain = _page_queries(client, url(seeking), django_assert_max_num_queries)
    assert plain <= few


def test_the_invite_screen_costs_the_same_for_10_and_10000_members(
    admin_login, staff, opportunity, django_assert_max_num_queries
):
    client = admin_login(staff)
    members_bulk_create(10, seed=1, with_answers=True)
    few = _page_queries(client, url(opportunity), django_assert_max_num_queries)
    members_bulk_create(9990, seed=2, with_answers=True)
    started = time.monotonic()
    many = _page_queries(client, url(opportunity), django_assert_max_num_queries)
    assert many == few
    assert time.monotonic() - started < 30


def test_inviting_many_people_costs_a_fixed_number_of_queries_besides_the_emails(
    staff, opportunity, django_assert_max_num_queries
):
    def queries_for(seed, n):
        ids = members_bulk_create(n, seed=seed)
        User.objects.filter(pk__in=ids).update(email=None)  # no outbox writes to count
        with django_assert_max_num_queries(30) as counted:
            result = invitations_send(opportunity=opportunity, member_ids=ids, by=staff)
        assert len(result.invited) == n and result.not_emailed == n
        return len(counted.captured_queries)

    assert queries_for(3, 2) == queries_for(4, 40)


# --- Member side ------------------------------------------------------------------------------


def test_an_invited_member_sees_they_were_invited_on_the_opportunity_page(
    client, staff, opportunity
):
    invited, other = person("Invited Ivy"), person("Not Invited")
    invitations_send(opportunity=opportunity, member_ids=[invited.pk], by=staff)
    client.force_login(invited)
    assert "You were invited to apply" in client.get(opportunity.url).content.decode()
    client.force_login(other)
    assert "You were invited to apply" not in client.get(opportunity.url).content.decode()
    apply(invited, opportunity)
    client.force_login(invited)
    assert "You were invited to apply" not in client.get(opportunity.url).content.decode()
