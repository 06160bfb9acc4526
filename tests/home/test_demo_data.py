import pytest
from django.core.management import CommandError, call_command

from home.models import StandardPage
from members.models import User


@pytest.mark.django_db
def test_demo_data_loads_and_is_safe_to_run_again(capsys):
    call_command("load_demo_data")
    call_command("load_demo_data")
    out = capsys.readouterr().out
    for email in (
        "member@example.org",
        "researcher@example.org",
        "officer@example.org",
        "admin@example.org",
    ):
        assert email in out
        assert User.objects.filter(email=email).count() == 1
    assert StandardPage.objects.count() == 4
    assert User.objects.get(email="admin@example.org").is_superuser
    assert User.objects.get(email="researcher@example.org").is_researcher
    # Several groups with members, one request waiting for staff; nothing doubled.
    from members.models import GroupMembership

    assert GroupMembership.objects.count() == 8
    assert GroupMembership.objects.filter(status="applied").count() == 1
    assert GroupMembership.objects.values("group").distinct().count() == 4
    assert not GroupMembership.objects.filter(status="active", term_ends_on=None).exists()


@pytest.mark.django_db
def test_demo_data_refuses_when_settings_forbid_it(settings):
    settings.ROUNDTABLE_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo_data")
    assert not User.objects.filter(email="member@example.org").exists()
