"""Fixtures shared by the opportunities tests."""

import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def viewer(staff):
    """Staff who also hold the equality permission."""
    staff.user_permissions.add(Permission.objects.get(codename="view_equality_dashboard"))
    return staff
