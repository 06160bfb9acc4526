"""Demo courses for `make run` (development only): the training index, an induction for
members with two sessions (one nearly full), a course for researchers and a self-paced
course, the induction settings, and the home page's promise of training linked to the
listing. Safe to run again: each thing is made once, found by its slug or email."""

from django.db import transaction
from wagtail.models import Site

from home.models import HomePage
from members.factories import MemberFactory
from members.models import MemberProfile, Skill, User
from training.factories import course_create, course_session_create
from training.models import Booking, CourseFormat, CoursePage, CourseSession, TrainingSettings
from training.services.courses import training_index_get_or_create

INDUCTION_SLUG = "welcome-to-the-reference-group"
RESEARCHERS_SLUG = "working-with-the-public-in-research"
SELF_PACED_SLUG = "reading-a-research-paper"

# Members who booked the induction's first session, beyond the members' demo data
# (which has seven): 11 of its 12 places are taken, so the demo member can book the last.
EXTRA_MEMBERS = [
    ("Olusegun Adeyemi", "olu@example.org"),
    ("Priya Shah", "priya@example.org"),
    ("Hannah Schmidt", "hannah@example.org"),
    ("Jamal Idris", "jamal@example.org"),
]
DEMO_MEMBER_EMAILS = [
    "grace@example.org",
    "tomas@example.org",
    "aisha@example.org",
    "wladek@example.org",
    "mei@example.org",
    "dafydd@example.org",
    "precious@example.org",
]
NEARLY_FULL_CAPACITY = 12
NEARLY_FULL_BOOKED = 11

# The home page's demo text promises "training" (home/demo_content.py): it links here.
HOME_PROMISE = "<li>training, and a record"


def demo_extend() -> None:
    """Called by `load_demo_data` after the members' and opportunities' demo data."""
    with transaction.atomic():
        index = training_index_get_or_create()
        induction = _course(
            INDUCTION_SLUG,
            title="Welcome to the reference group",
            summary=(
                "Our induction for new members: how the reference groups work, what "
                "researchers will ask you, and how we support and pay you."
            ),
            format=CourseFormat.IN_PERSON,
            outcomes=(
                "<ul><li>how a research project runs, and where your views count</li>"
                "<li>what happens at a group meeting</li>"
                "<li>how payment, expenses and support work</li></ul>"
            ),
            time_needed="One session of 2 hours",
            is_paid=True,
            access_information=(
                "Step-free entrance, accessible toilet and a hearing loop. Tell us what "
                "else you need when you book."
            ),
            skills=["Reading and commenting on documents"],
        )
        if not induction.sessions.exists():
            nearly_full = course_session_create(
                course=induction,
                days=10,
                hour=10,
                mode=CourseSession.Mode.IN_PERSON,
                place="Community Room, Central Library, 1 Market Street, Leeds LS1 1AA",
                joining_link="",
                access_information="Step-free entrance from Market Street; hearing loop.",
                capacity=NEARLY_FULL_CAPACITY,
                facilitator="Tomasz Wiśniewski",
            )
            course_session_create(course=induction, days=24, hour=18, capacity=12)
            for person in _bookers()[:NEARLY_FULL_BOOKED]:
                Booking.objects.create(
                    session=nearly_full, person=person, status=Booking.Status.BOOKED
                )
        researchers = _course(
            RESEARCHERS_SLUG,
            title="Working with the public in research",
            summary=(
                "For researchers: how to involve patients, carers and the public in your "
                "study, and what our members can expect from you."
            ),
            format=CourseFormat.ONLINE_LIVE,
            outcomes=(
                "<ul><li>the difference between involvement and taking part in a study</li>"
                "<li>how to write a request that members understand</li>"
                "<li>paying members fairly and on time</li></ul>"
            ),
            time_needed="One session of 90 minutes",
            for_members=False,
            for_researchers=True,
            for_staff=True,
        )
        if not researchers.sessions.exists():
            course_session_create(course=researchers, days=17, hour=13, capacity=20)
        _course(
            SELF_PACED_SLUG,
            title="Reading a research paper: a beginner's guide",
            summary=(
                "A short online course you can do at home, at your own pace: what the "
                "parts of a research paper are, and the questions to ask of it."
            ),
            format=CourseFormat.SELF_PACED,
            outcomes=(
                "<ul><li>find the main findings of a study quickly</li>"
                "<li>ask whether the people studied are like you</li></ul>"
            ),
            time_needed="About 3 hours, in short parts",
            hours="3",
            link="https://learning.example.org/reading-a-research-paper",
            skills=["Reading and commenting on documents", "Data analysis"],
        )
        _settings(induction=induction, researchers=researchers)
        _home_promise_linked(index)


def _course(slug: str, *, title: str, skills=(), **fields) -> CoursePage:
    found = CoursePage.objects.filter(slug=slug).first()
    if found is not None:
        return found
    return course_create(
        slug=slug, title=title, skills=list(Skill.objects.filter(name__in=skills)), **fields
    )


def _bookers() -> list[User]:
    """The members' demo people, and a few more made here (not the demo member, who
    is left to book the last place)."""
    people = list(User.objects.filter(email__in=DEMO_MEMBER_EMAILS).order_by("pk"))
    for name, email in EXTRA_MEMBERS:
        person = User.objects.filter(email=email).first()
        if person is None:
            person = MemberFactory(email=email, name=name)
            MemberProfile.objects.create(user=person)
        people.append(person)
    return people


def _settings(*, induction: CoursePage, researchers: CoursePage) -> None:
    site = Site.objects.get(is_default_site=True)
    settings = TrainingSettings.for_site(site)
    if settings.member_induction_id is None:
        settings.member_induction = induction
    if settings.researcher_induction_id is None:
        settings.researcher_induction = researchers
    settings.save()


def _home_promise_linked(index) -> None:
    """The home page's "training" (in its list of what members get back) links to the
    course listing, once."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    if not isinstance(home, HomePage):
        return
    raw = list(home.body.raw_data)
    changed = False
    for block in raw:
        value = block.get("value")
        if block.get("type") == "text" and isinstance(value, str) and HOME_PROMISE in value:
            block["value"] = value.replace(
                HOME_PROMISE,
                f'<li><a linktype="page" id="{index.pk}">training</a>, and a record',
            )
            changed = True
    if changed:
        home.body = home.body.stream_block.to_python(raw)
        home.save_revision().publish()
