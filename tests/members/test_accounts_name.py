"""'Your name': a person changes the name on their account from 'Your account'."""

import pytest
from django.core.cache import cache
from wagtail.models import ModelLogEntry

from home import page_cache
from members.factories import MemberFactory
from members.models import User
from members.services.accounts import account_name_change

pytestmark = pytest.mark.django_db
URL = "/account/name/"


def test_the_account_page_links_to_the_name_page_which_is_prefilled(client, member):
    client.force_login(member)
    account = client.get("/account/").content.decode()
    assert f'href="{URL}"' in account
    page = client.get(URL).content.decode()
    assert "<h1>Your name</h1>" in page
    assert 'value="Siobhán O&#x27;Connor"' in page and 'autocomplete="name"' in page


def test_a_member_changes_their_name_and_sees_it_at_once(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300  # the account page is kept, as in production
    cache.clear()
    client.force_login(member)
    assert "Siobhán O&#x27;Connor" in client.get("/account/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the kept page goes stale
        response = client.post(URL, {"name": "  Siobhán Ní Bhriain  "})
    assert response["Location"] == "/account/"
    assert User.objects.get(pk=member.pk).name == "Siobhán Ní Bhriain"
    account = client.get("/account/").content.decode()
    assert "Siobhán Ní Bhriain" in account and "Your name has been changed." in account
    # Their own change is not a staff action on their data: nothing logged.
    assert not ModelLogEntry.objects.filter(action="roundtable.name_changed").exists()
    page_cache._paused_until = 0.0


def test_a_blank_name_comes_back_with_a_message_that_says_what_to_do(client, member):
    client.force_login(member)
    page = client.post(URL, {"name": "   "}).content.decode()
    assert "<title>Error: Your name" in page and "Enter your full name" in page
    assert 'href="#id_name"' in page  # the error summary links to the field
    page = client.post(URL, {"name": "x" * 201}).content.decode()
    assert "Enter a name of 200 characters or fewer" in page and "x" * 201 in page
    assert User.objects.get(pk=member.pk).name == "Siobhán O'Connor"


def test_researchers_and_staff_change_their_own_name_too(client, researcher, staff):
    for person in (researcher, staff):
        client.force_login(person)
        assert client.post(URL, {"name": "Dr Ngozi Adeyemi"}).status_code == 302
        person.refresh_from_db()
        assert person.name == "Dr Ngozi Adeyemi"


def test_only_their_own_name_and_never_anonymously(client, member):
    other = MemberFactory(name="Someone Else")
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(member)
    client.post(URL, {"name": "New", "user": other.pk, "pk": other.pk})
    assert User.objects.get(pk=other.pk).name == "Someone Else"


def test_staff_changing_a_members_name_is_logged(member, staff):
    assert account_name_change(user=member, name="Siobhán Ní Bhriain", by=staff)
    entry = ModelLogEntry.objects.get(action="roundtable.name_changed")
    assert entry.user_id == staff.pk and entry.object_id == str(member.pk)
    assert "Siobhán" not in str(entry.data)
    assert not account_name_change(user=member, name="Siobhán Ní Bhriain", by=staff)
