"""The shortlist's "seeks under-represented voices" marks come from individual equality
answers: only staff with the equality permission see them, each look is logged, and
the sought group is chosen only by those staff, and never changed once people apply."""

from html.parser import HTMLParser

import pytest

from members.factories import EqualityResponseFactory, MemberFactory
from members.models import EqualityDashboardView
from opportunities.factories import opportunity_create
from opportunities.models import OpportunityPage
from opportunities.services.applications import application_submit

pytestmark = pytest.mark.django_db
MARK = "Seeks under-represented voices"


@pytest.fixture
def opportunity(db):
    return opportunity_create(title="Leaflet panel", seeks_voices="ethnicity:bangladeshi")


@pytest.fixture
def consenting_applicant(opportunity):
    person = MemberFactory(name="Asha Consents")
    EqualityResponseFactory(member=person, ethnicity="bangladeshi", prioritisation_consent=True)
    application_submit(member=person, opportunity=opportunity, statement="Keen")
    return person


def test_staff_who_may_select_but_not_see_equality_figures_see_no_mark(
    admin_login, staff, opportunity, consenting_applicant
):
    assert staff.has_perm("opportunities.select_applicants")
    assert not staff.has_perm("members.view_equality_dashboard")
    response = admin_login(staff).get(f"/admin/shortlists/{opportunity.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Asha Consents" in page
    assert MARK not in page
    assert "agreed to this use of their answers" not in page
    assert not EqualityDashboardView.objects.exists()


def test_staff_with_the_equality_permission_see_the_mark_and_the_look_is_logged(
    admin_login, viewer, opportunity, consenting_applicant
):
    page = admin_login(viewer).get(f"/admin/shortlists/{opportunity.pk}/").content.decode()
    assert MARK in page.split("Asha Consents")[1].split("</tr>")[0]
    logged = EqualityDashboardView.objects.get(what__startswith="Shortlist marks")
    assert logged.by == viewer
    assert "Leaflet panel" in logged.what


def test_a_shortlist_without_a_sought_group_reads_and_logs_no_answers(
    admin_login, viewer, consenting_applicant
):
    plain = opportunity_create(title="Plain")
    application_submit(member=consenting_applicant, opportunity=plain, statement="Keen")
    page = admin_login(viewer).get(f"/admin/shortlists/{plain.pk}/").content.decode()
    assert MARK not in page
    assert not EqualityDashboardView.objects.filter(what__startswith="Shortlist marks").exists()


class _FormValues(HTMLParser):
    """What a browser would send from the page editor's form, as it was served."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            else:
                self._add(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _edit_form(client, page) -> dict:
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    parser = _FormValues()
    parser.feed(response.content.decode())
    data = {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}
    data.pop("color-scheme", None)
    return data


def test_staff_without_the_permission_are_not_offered_the_sought_group(
    admin_login, staff, opportunity
):
    form = _edit_form(admin_login(staff), opportunity)
    assert "seeks_voices" not in form
    assert "title" in form  # the rest of the page is theirs to edit


def test_staff_without_the_permission_cannot_change_the_sought_group(
    admin_login, staff, opportunity
):
    client = admin_login(staff)
    form = _edit_form(client, opportunity)
    form.update({"title": "Leaflet panel (renamed)", "seeks_voices": "religion:muslim"})
    form["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{opportunity.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = OpportunityPage.objects.get(pk=opportunity.pk)
    assert page.title == "Leaflet panel (renamed)"  # the edit went through…
    assert page.seeks_voices == "ethnicity:bangladeshi"  # …but not the sought group
    assert page.get_latest_revision().content["seeks_voices"] == "ethnicity:bangladeshi"


def test_staff_without_the_permission_cannot_set_it_on_a_new_opportunity(
    admin_login, staff, opportunity
):
    client = admin_login(staff)
    parent = opportunity.get_parent()
    add = f"/admin/pages/add/opportunities/opportunitypage/{parent.pk}/"
    response = client.get(add)
    assert response.status_code == 200
    assert 'name="seeks_voices"' not in response.content.decode()


def test_staff_with_the_permission_choose_it_before_anyone_applies(
    admin_login, viewer, opportunity
):
    client = admin_login(viewer)
    form = _edit_form(client, opportunity)
    assert form["seeks_voices"] == "ethnicity:bangladeshi"
    form.update({"seeks_voices": "religion:muslim", "action-publish": "action-publish"})
    response = client.post(f"/admin/pages/{opportunity.pk}/edit/", form)
    assert response.status_code == 302
    assert OpportunityPage.objects.get(pk=opportunity.pk).seeks_voices == "religion:muslim"


def test_nobody_changes_the_sought_group_once_people_have_applied(
    admin_login, viewer, opportunity, consenting_applicant
):
    client = admin_login(viewer)
    form = _edit_form(client, opportunity)
    for action in ("action-publish", None):  # publishing, or saving a draft
        posted = {**form, "seeks_voices": "religion:muslim"}
        if action:
            posted[action] = action
        response = client.post(f"/admin/pages/{opportunity.pk}/edit/", posted)
        assert response.status_code == 200
        assert "People have already applied" in response.content.decode()
    page = OpportunityPage.objects.get(pk=opportunity.pk)
    assert page.seeks_voices == "ethnicity:bangladeshi"
    assert page.get_latest_revision().content["seeks_voices"] == "ethnicity:bangladeshi"


def test_a_draft_saved_before_people_applied_cannot_change_it_when_published(viewer, opportunity):
    draft = OpportunityPage.objects.get(pk=opportunity.pk)
    draft.seeks_voices = "religion:muslim"
    revision = draft.save_revision(user=viewer)
    person = MemberFactory()
    application_submit(member=person, opportunity=opportunity, statement="Keen")
    revision.publish()
    assert OpportunityPage.objects.get(pk=opportunity.pk).seeks_voices == "ethnicity:bangladeshi"
