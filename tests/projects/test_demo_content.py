"""The demo data (`manage.py load_demo_data`) has a project with a team, and is safe to
load twice."""

import pytest
from django.core.management import call_command

from projects.models import AgreementVersion, Decision, Post, Project, TeamMember

pytestmark = pytest.mark.django_db


def test_the_demo_data_has_a_project_with_its_team(db):
    call_command("load_demo_data")
    call_command("load_demo_data")  # safe to run again: nothing doubled
    project = Project.objects.get()
    team = dict(TeamMember.objects.filter(project=project).values_list("person__email", "role"))
    assert team == {
        "researcher@example.org": "researcher",
        "officer@example.org": "staff",
        "member@example.org": "member",
        "grace@example.org": "member",
    }
    assert TeamMember.objects.get(project=project, is_lead=True).person.email == "grace@example.org"
    assert AgreementVersion.objects.filter(project=project).count() == 1


def test_the_demo_project_has_a_conversation_and_a_proposal(db):
    call_command("load_demo_data")
    call_command("load_demo_data")  # nothing doubled
    project = Project.objects.get()
    assert Post.objects.filter(project=project, kind=Post.Kind.MESSAGE).count() == 3
    assert Post.objects.filter(project=project, kind=Post.Kind.UPDATE).count() == 1
    assert Decision.objects.filter(project=project).count() == 1
