"""The equality door's answer to "who agreed to be prioritised and gave this answer":
only for staff with the equality permission, every asking logged, and askable for
everyone at once (no list of ids) so callers need not send a huge IN list."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from members.factories import EqualityResponseFactory, MemberFactory
from members.models import EqualityDashboardView, User
from members.selectors.equality import seeks_voices_matches

pytestmark = pytest.mark.django_db
SEEKS = "ethnicity:bangladeshi"


@pytest.fixture
def viewer(staff):
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    return User.objects.get(pk=staff.pk)


@pytest.fixture
def answers():
    consents = MemberFactory(name="Consents")
    EqualityResponseFactory(member=consents, ethnicity="bangladeshi", prioritisation_consent=True)
    declines = MemberFactory(name="Declines")
    EqualityResponseFactory(member=declines, ethnicity="bangladeshi", prioritisation_consent=False)
    other = MemberFactory(name="Other answer")
    EqualityResponseFactory(member=other, ethnicity="indian", prioritisation_consent=True)
    return consents, declines, other


def test_without_ids_it_gives_every_consenting_member_with_that_answer_and_logs(viewer, answers):
    consents, _declines, _other = answers
    assert seeks_voices_matches(seeks=SEEKS, by=viewer, what="Invite") == {consents.pk}
    logged = EqualityDashboardView.objects.get()
    assert logged.by == viewer and logged.what == "Invite"


def test_with_ids_it_gives_only_those_of_them(viewer, answers):
    consents, declines, other = answers
    found = seeks_voices_matches(
        member_ids=[declines.pk, other.pk], seeks=SEEKS, by=viewer, what="Invite"
    )
    assert found == set()
    found = seeks_voices_matches(member_ids=[consents.pk], seeks=SEEKS, by=viewer, what="x")
    assert found == {consents.pk}


def test_staff_without_the_permission_are_refused_with_or_without_ids(staff, answers):
    with pytest.raises(PermissionDenied):
        seeks_voices_matches(seeks=SEEKS, by=staff, what="Invite")
    with pytest.raises(PermissionDenied):
        seeks_voices_matches(member_ids=[answers[0].pk], seeks=SEEKS, by=staff, what="Invite")
    assert not EqualityDashboardView.objects.exists()
