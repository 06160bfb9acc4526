"""Staff powers need a session that passed the second factor, wherever the URL lives
(issue 11, finding 2). Signed in with the password alone, a staff or admin account has
exactly a member's reach."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from members.demo_content import demo_groups_create
from members.factories import DEFAULT_PASSWORD, MemberFactory
from members.middleware import AdminAccessMiddleware
from opportunities.factories import opportunity_create
from reciprocity.factories import rate_card_example
from reciprocity.models import ExpenseItem
from reciprocity.services.expenses import expense_claim_submit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n" + b"0" * 200


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def someones_receipt():
    from decimal import Decimal

    from django.utils import timezone

    from involvement.models import Involvement
    from opportunities.services.involvement import opportunity_activity_sync

    member = MemberFactory(email="claimant@example.org")
    rate_card_example()
    opportunity = opportunity_create(title="Diabetes panel")
    involvement = Involvement.objects.create(
        member=member,
        activity=opportunity_activity_sync(opportunity=opportunity),
        started_on=timezone.localdate(),
        hours=Decimal("2"),
    )
    expense_claim_submit(
        member=member,
        involvement=involvement,
        items=[{"kind": "other", "amount": "5", "receipt": SimpleUploadedFile("r.pdf", PDF)}],
    )
    return f"/expenses/receipt/{ExpenseItem.objects.get().pk}/"


@pytest.fixture
def group_only_page():
    diabetes = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    return opportunity_create(visibility="groups", groups=[diabetes]).url


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_a_password_only_session_cannot_open_another_members_receipt(
    client, request, who, with_totp, someones_receipt
):
    # With an authenticator set up, but this session signed in with the password alone.
    client.force_login(with_totp(request.getfixturevalue(who)))
    assert client.get(someones_receipt).status_code == 404


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_the_same_account_after_the_second_factor_can(
    client, request, who, admin_login, someones_receipt
):
    admin_login(request.getfixturevalue(who))
    assert client.get(someones_receipt).status_code == 200


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_a_password_only_session_does_not_see_group_only_opportunities(
    client, request, who, group_only_page
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(group_only_page).status_code == 404


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_after_the_second_factor_staff_see_group_only_opportunities(
    client, request, who, admin_login, group_only_page
):
    admin_login(request.getfixturevalue(who))
    assert client.get(group_only_page).status_code == 200


def test_every_permission_check_answers_as_for_a_member(staff, superuser):
    seen = {}

    def view(request):
        user = request.user
        seen.update(
            perm=user.has_perm("reciprocity.decide_expenseclaim"),
            perms=user.has_perms(["wagtailadmin.access_admin"]),
            module=user.has_module_perms("reciprocity"),
            all=user.get_all_permissions(),
            superuser=user.acts_as_superuser,
            staff=user.is_involvement_staff,
        )
        return None

    for person in (staff, superuser):
        request = RequestFactory().get("/account/")
        request.user = person
        request.session = {}
        AdminAccessMiddleware(view)(request)
        assert seen == {
            "perm": False,
            "perms": False,
            "module": False,
            "all": set(),
            "superuser": False,
            "staff": False,
        }
        # The stored account is untouched; the link to the admin is still offered.
        person.refresh_from_db()
        assert person.has_admin_access


def test_the_staff_link_is_still_offered_to_sign_in_with_the_code(client, staff):
    client.force_login(staff)
    assert "Staff admin" in client.get("/account/").content.decode()


@pytest.fixture
def groups_only_page():
    from django.contrib.auth.models import Group
    from wagtail.models import Page, PageViewRestriction, Site

    home = Site.objects.get(is_default_site=True).root_page
    page = home.add_child(instance=Page(title="Staff notes", slug="staff-notes"))
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Involvement staff"))
    return page.url


def test_wagtails_superuser_pass_through_group_restrictions_needs_the_second_factor(
    client, superuser, admin_login, groups_only_page
):
    client.force_login(superuser)
    assert client.get(groups_only_page).status_code == 403
    admin_login(superuser)  # the same person, now with the second factor
    assert client.get(groups_only_page).status_code == 200


def test_a_password_only_staff_session_does_not_pass_a_restriction_to_the_staff_group(
    client, staff, admin_login, groups_only_page
):
    # Wagtail reads the account's groups itself; without the second factor the staff
    # group does not count (a member's reach), after it, it does.
    client.force_login(staff)
    assert client.get(groups_only_page).status_code == 403
    admin_login(staff)
    assert client.get(groups_only_page).status_code == 200


def test_a_password_only_staff_session_cannot_open_a_document_kept_for_staff(
    client, staff, admin_login, settings, tmp_path
):
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    settings.MEDIA_ROOT = tmp_path
    collection = Collection.get_first_root_node().add_child(name="Staff papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="groups"
    )
    restriction.groups.add(Group.objects.get(name="Involvement staff"))
    document = get_document_model().objects.create(
        title="Minutes",
        file=ContentFile(b"%PDF-1.7\n" + b"0" * 200, name="m.pdf"),
        collection=collection,
    )
    client.force_login(staff)
    assert client.get(document.url).status_code == 403
    admin_login(staff)
    assert client.get(document.url).status_code == 200


def test_wagtails_own_front_end_sign_in_form_is_not_served(client):
    # Django's bare form at /_util/login/ skipped allauth's rate limits, email
    # verification and second factor: it sends people to allauth's sign-in instead.
    member = MemberFactory(email="unverified@example.org", verified=False)
    response = client.post(
        "/_util/login/?next=/account/", {"username": member.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/account/"
    assert "_auth_user_id" not in client.session
