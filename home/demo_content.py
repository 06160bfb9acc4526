"""Demo pages for development: real, plain-English text an organisation can adapt.

Used by `manage.py load_demo_data` (members app), never in production.
"""

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from home.models import HomePage, OrganisationSettings, StandardPage


def _text(html: str) -> tuple:
    return ("text", RichText(html))


def _inset(html: str) -> tuple:
    return ("inset_text", {"body": RichText(html)})


def _warning(title: str, html: str) -> tuple:
    return ("warning_callout", {"title": title, "heading_level": 2, "body": RichText(html)})


HOME_INTRO = (
    "Patients, carers and members of the public help us shape health and social care "
    "research. Join one of our reference groups and tell researchers what matters to you."
)

HOME_BODY = [
    _text(
        "<h2>What a reference group does</h2>"
        "<p>Our reference groups are standing groups of people with lived experience of "
        "health conditions, caring or using services. Researchers come to the groups to "
        "ask for advice: which questions are worth asking, whether a study is fair and "
        "easy to take part in, and how to share the results.</p>"
        "<p>You do not need any qualifications or experience of research. Your own "
        "experience is what we value.</p>"
        "<h2>What you get back</h2>"
        "<ul><li>payment for your time, or vouchers if you prefer, or no payment if you "
        "choose</li><li>your travel and care costs covered</li><li>training, and a "
        "record of the skills you gain</li><li>feedback on what changed because of what "
        "you said</li></ul>"
    ),
    _inset(
        "<p>You can take part online, in person, by phone or on paper. If you need "
        "support to take part, such as large print, an interpreter or a support worker, "
        "tell us and we will arrange it.</p>"
    ),
]

PAGES = [
    {
        "slug": "about-our-reference-groups",
        "title": "About our reference groups",
        "intro": "Who our groups are for, how they work and how to join.",
        # Not in the menu: "Reference groups" is there already (members.receivers), and
        # two menu items about the same groups made people wonder which to choose.
        "show_in_menus": False,
        "body": [
            _text(
                "<h2>Who can join</h2>"
                "<p>Anyone aged 18 or over who has experience of a health condition, of "
                "caring for someone, or of using health or social care services. We "
                "especially want to hear from people whose voices are often missing from "
                "research, including people from ethnic minority communities, disabled "
                "people, people on low incomes and people who are not online.</p>"
                "<h2>How the groups work</h2>"
                "<p>Each group meets every 2 or 3 months, online or in person. Between "
                "meetings we may ask you to read a document, answer a few questions or "
                "join a one-off activity. You choose what you take part in.</p>"
                "<p>Every group agrees its ground rules together: we listen to each other, "
                "we respect different experiences, and what is shared in the group stays "
                "in the group.</p>"
                "<h2>How long you are a member</h2>"
                "<p>Membership lasts 2 years, and you can renew it. You can pause your "
                "membership at any time, for example if you are unwell or busy, and you "
                "can leave whenever you want without giving a reason.</p>"
                "<h2>How to join</h2>"
                "<p>Create an account on this website and tell us a little about yourself. "
                "If you would rather join by phone or post, contact the involvement team "
                "and we will do it with you.</p>"
            ),
        ],
    },
    {
        "slug": "how-payment-works",
        "title": "How payment works",
        "intro": "We pay people for their time and cover their costs. Here is how.",
        "show_in_menus": True,
        "body": [
            _text(
                "<h2>Payment for your time</h2>"
                "<p>We follow the NIHR guidance on payment for public contributors. Before "
                "you agree to take part in anything, we tell you what we will pay and how. "
                "The rates depend on the activity and how long it takes.</p>"
                "<h2>You choose how you are paid</h2>"
                "<ul><li>by bank transfer</li><li>with shopping vouchers</li><li>or not "
                "at all: you can take part without being paid</li></ul>"
                "<h2>Expenses</h2>"
                "<p>We always pay reasonable costs of taking part, whether or not you are "
                "paid for your time. This includes travel, parking, childcare or care for "
                "the person you look after, a support worker, and food when you are with "
                "us over a mealtime. Keep your receipts.</p>"
            ),
            _warning(
                "If you receive benefits",
                "<p>Payments can affect some benefits, and all payments may count as "
                "income for tax. Tell us if you receive benefits and we will talk to you "
                "before paying you. You can also ask a benefits adviser, such as Citizens "
                "Advice, for free help.</p>",
            ),
            _text(
                "<h2>When you will be paid</h2>"
                "<p>We aim to pay within 30 days of the activity. You can see every "
                "payment and expense claim in your account, and download a statement for "
                "each tax year.</p>"
            ),
        ],
    },
    {
        "slug": "accessibility-statement",
        "title": "Accessibility statement",
        "intro": "How accessible this website is, and how to tell us about a problem.",
        "show_in_menus": False,
        "body": [
            _text(
                "<p>This accessibility statement applies to this website, which is run by "
                "our involvement team.</p>"
                "<p>We want as many people as possible to be able to use this website. "
                "For example, that means you should be able to:</p>"
                "<ul><li>change colours, contrast levels and fonts using your browser or "
                "device settings</li><li>zoom in up to 400% without the text spilling off "
                "the screen</li><li>navigate most of the website using just a keyboard"
                "</li><li>navigate most of the website using speech recognition software"
                "</li><li>listen to most of the website using a screen reader</li></ul>"
                "<p>We have also made the text as simple as possible to understand.</p>"
                "<h2>How accessible this website is</h2>"
                "<p>We test every page we build against the Web Content Accessibility "
                "Guidelines (WCAG) 2.2 AA standard with automated checks, and check the "
                "main journeys with a keyboard. We know of no parts of the website that "
                "are not accessible. If you find one, please tell us.</p>"
                "<h2>Feedback and contact information</h2>"
                "<p>If you need information on this website in a different format, like "
                "accessible PDF, large print, easy read, audio recording or braille, "
                "contact the involvement team. We will consider your request and get "
                "back to you within 5 working days.</p>"
                "<h2>Reporting accessibility problems with this website</h2>"
                "<p>We are always looking to improve the accessibility of this website. If "
                "you find any problems not listed on this page or think we are not meeting "
                "accessibility requirements, contact the involvement team.</p>"
                "<h2>Enforcement procedure</h2>"
                "<p>The Equality and Human Rights Commission (EHRC) is responsible for "
                "enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. "
                "2) Accessibility Regulations 2018 (the 'accessibility regulations'). If "
                "you are not happy with how we respond to your complaint, contact the "
                "Equality Advisory and Support Service (EASS).</p>"
                "<h2>Technical information about this website's accessibility</h2>"
                "<p>We are committed to making this website accessible, in accordance with "
                "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                "Accessibility Regulations 2018.</p>"
                "<h3>Compliance status</h3>"
                "<p>This website is fully compliant with the Web Content Accessibility "
                "Guidelines version 2.2 AA standard.</p>"
                "<h2>What we are doing to improve accessibility</h2>"
                "<p>Every new page is checked with automated accessibility tests before it "
                "is released, and we ask members with different access needs to try new "
                "features.</p>"
                "<h2>Preparation of this accessibility statement</h2>"
                "<p>This statement was prepared when the website was set up. It will be "
                "reviewed every year. <em>Replace this paragraph with the dates of your "
                "own testing.</em></p>"
            ),
        ],
    },
    {
        "slug": "privacy-notice",
        "title": "Privacy notice",
        "intro": "What information we keep about you, why, and your rights.",
        "show_in_menus": False,
        "body": [
            _text(
                "<h2>Who we are</h2>"
                "<p>This website is run by our involvement team, who are responsible for "
                "the information you give us (the data controller).</p>"
                "<h2>What we keep and why</h2>"
                "<ul><li>your name and contact details, so we can tell you about "
                "opportunities and meetings</li><li>what you tell us about your "
                "experience, skills and how you like to take part, so we can offer you "
                "opportunities that suit you</li><li>your access needs, so we can support "
                "you to take part</li><li>records of what you took part in and what we "
                "paid you, because we must keep financial records</li></ul>"
                "<h2>Equality information</h2>"
                "<p>We may ask you questions about yourself, such as your age or ethnic "
                "group. Answering is optional. We use the answers only to check that our "
                "groups include all kinds of people, and we only ever report them as "
                "totals, never about one person. Researchers never see them.</p>"
                "<h2>Who we share it with</h2>"
                "<p>We do not sell your information. We share your name with a research "
                "team only when you have agreed to it. Our finance team sees what they "
                "need to pay you.</p>"
                "<h2>How long we keep it</h2>"
                "<p>We keep your information while you are a member. If you close your "
                "account, we delete your personal details straight away, except payment "
                "records, which the law says we must keep for 6 years after the tax year "
                "they belong to. We remove your name from them.</p>"
                "<h2>Your rights</h2>"
                "<p>You can see, download, correct or delete your information at any time "
                "from your account, or by contacting us. If you are unhappy with how we "
                "have used your information, you can complain to the Information "
                "Commissioner's Office (ICO).</p>"
            ),
        ],
    },
]


def demo_pages_create() -> dict[str, Page]:
    """Create (or leave alone) the demo pages under the home page. Idempotent."""
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if isinstance(home, HomePage) and not home.body:
        home.title = "Have your say in health and care research"
        home.intro = HOME_INTRO
        home.body = HOME_BODY
        home.save_revision().publish()

    pages = {}
    for spec in PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                body=spec["body"],
                show_in_menus=spec["show_in_menus"],
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        pages[spec["slug"]] = page

    organisation = OrganisationSettings.for_site(site)
    if organisation.name == "Roundtable" and not organisation.contact_email:
        organisation.name = "Northfield Health Research (demo)"
        organisation.contact_email = "involvement@example.org"
        organisation.contact_phone = "0161 496 0000"
        organisation.contact_hours = "Monday to Friday, 9am to 5pm"
        organisation.contact_address = (
            "Involvement Team\nNorthfield Health Research\n1 Example Street\nManchester\nM1 1AA"
        )
        organisation.footer_text = "© Northfield Health Research (demo organisation)"
    organisation.accessibility_page = (
        organisation.accessibility_page or pages["accessibility-statement"]
    )
    organisation.privacy_page = organisation.privacy_page or pages["privacy-notice"]
    organisation.payment_page = organisation.payment_page or pages["how-payment-works"]
    organisation.save()
    return pages
