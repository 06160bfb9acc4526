"""The equality dashboard in a real browser: tables, bars and the filter form pass axe."""

import pytest

from tests.browser.admin_helpers import admin_scan, sign_in_to_the_admin, staff_with_authenticator


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_equality_dashboard_passes_the_scan(live_server, page, axe_check, baseline):
    from django.contrib.auth.models import Permission

    from members.demo_content import demo_groups_create
    from members.factories import MemberFactory
    from members.models import EqualityResponse
    from members.services import membership_join

    group = next(g for g in demo_groups_create() if g.slug == "living-with-diabetes")
    for n in range(12):
        person = MemberFactory()
        membership_join(member=person, group=group, accepted_version=group.current_ground_rules())
        EqualityResponse.objects.create(
            member=person, sex="female" if n % 3 else "male", ethnicity="indian" if n < 2 else ""
        )
    staff, secret = staff_with_authenticator()
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    sign_in_to_the_admin(page, live_server, axe_check, secret)
    page.get_by_role("link", name="Equality monitoring").click()
    admin_scan(page, axe_check)
    assert "fewer than 5" in page.content()
