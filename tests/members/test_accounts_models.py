import pytest
from django.db import IntegrityError, transaction

from members.models import User


@pytest.mark.django_db
def test_email_is_the_login_and_there_is_no_username():
    user = User.objects.create_user(email="Jo@Example.ORG", password="x" * 12)
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username")
    assert user.email == "Jo@example.org"  # the domain is normalised, the local part kept


@pytest.mark.django_db
def test_two_accounts_cannot_share_an_address_in_different_letter_case():
    User.objects.create_user(email="jo@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="JO@example.org")


@pytest.mark.django_db
def test_names_are_kept_exactly_as_written():
    name = "Nguyễn Thị Minh Khai — O'Neill-Åberg 🙂"
    user = User.objects.create_user(email="n@example.org", name=name)
    user.refresh_from_db()
    assert user.name == name
    assert str(user) == name
    assert user.get_full_name() == name


@pytest.mark.django_db
def test_a_superuser_can_be_created_from_the_command_line():
    admin = User.objects.create_superuser(email="root@example.org", password="x" * 12)
    assert admin.is_superuser
    assert admin.is_involvement_staff
