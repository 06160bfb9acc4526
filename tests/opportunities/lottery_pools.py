"""Applicant pools for the fair lottery's tests."""

from members.factories import EqualityResponseFactory, MemberFactory
from opportunities.services.applications import application_submit


def pool(opportunity, *, women: int, others: int):
    """Applicants: `women` who agreed their answers may be used, and `others` with none."""
    people = []
    for n in range(women):
        person = MemberFactory(name=f"Woman applicant {n}")
        EqualityResponseFactory(member=person, sex="female", prioritisation_consent=True)
        people.append(person)
    for n in range(others):
        people.append(MemberFactory(name=f"Other applicant {n}"))
    for person in people:
        application_submit(member=person, opportunity=opportunity, statement="Keen to help.")
    return people
