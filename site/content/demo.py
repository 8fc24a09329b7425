"""Demo content for the coalition's public pages: about, "recognise the signs", a press release, two events.

The press release and the events are fiction: every name in them is marked "(sample)". The facts on the
"recognise the signs" page are taken from the public sources named on that page. Idempotent: pages are
found by their slug and updated in place.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from directory.locales import in_source_locale
from home.models import HomePage, StandardPage

from .models import EventIndexPage, EventPage, NewsArticlePage, NewsIndexPage


def _publish(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    tags = fields.pop("tags", None)
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    if tags is not None:
        page.tags.set(tags)
    page.save_revision().publish()
    return page


def _text(html):
    return ("paragraph", RichText(html))


def _heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


ABOUT_BODY = [
    _text(
        "<p>Sacramento Together (sample) is a coalition of service providers, advocates and public agencies in "
        "Sacramento County who work together against human trafficking. Members meet every quarter, share "
        "referrals through this site, and train together.</p>"
        "<p>This is a <b>demonstration site</b>: the coalition, its members and the news on this site are "
        "sample data.</p>"
    ),
    _heading("What the coalition does"),
    _text(
        "<ul><li>Keeps a directory of member organizations and the help they offer, in English and Spanish.</li>"
        "<li>Lets advocates refer a client to services without sharing the client's name.</li>"
        "<li>Trains law enforcement and advocates together with the District Attorney's office (sample).</li>"
        "<li>Raises public awareness of the signs of trafficking.</li></ul>"
    ),
    (
        "quote",
        {
            "quote": "No one organization can meet every need. Together we can.",
            "attribution": "Coalition coordinator (sample)",
        },
    ),
]

SIGNS_BODY = [
    _text(
        "<p>Human trafficking is the use of force, fraud or coercion to make someone provide labor, services or "
        "commercial sex. It can happen to anyone, of any age, gender or nationality, and it does not require "
        "crossing a border.</p>"
    ),
    _heading("Some signs that may point to trafficking"),
    _text(
        "<p>No single sign proves that someone is trafficked, but these are among the indicators that the "
        "National Human Trafficking Hotline lists. A person who:</p>"
        "<ul><li>is not free to leave or to come and go as they wish;</li>"
        "<li>does not hold their own identity documents, such as a passport or ID card;</li>"
        "<li>owes a large debt to an employer that they cannot pay off;</li>"
        "<li>works very long or unusual hours, or is not paid, or is paid very little;</li>"
        "<li>is not allowed to speak for themselves, or someone else insists on being present or translating;</li>"
        "<li>is under 18 and is involved in commercial sex.</li></ul>"
    ),
    _heading("What the law says"),
    _text(
        "<p>Under United States federal law (the Trafficking Victims Protection Act of 2000), anyone under 18 "
        "who is induced to perform a commercial sex act is a victim of sex trafficking, whether or not force, "
        "fraud or coercion is involved.</p>"
        "<p>The United Nations Trafficking in Persons Protocol (the Palermo Protocol, 2000) defines trafficking "
        "by three elements: an act (such as recruiting, transporting or harbouring a person), a means (such as "
        "threat, force, deception or abuse of power) and a purpose of exploitation.</p>"
    ),
    _heading("How to report"),
    _text(
        "<p>If someone is in immediate danger, call 911.</p>"
        "<p>The National Human Trafficking Hotline answers 24 hours a day, every day, confidentially: call "
        '<a href="tel:+18883737888">1-888-373-7888</a> or text 233733. You do not have to be sure it is '
        "trafficking to call.</p>"
    ),
    ("services_by_need", {"heading": "Crisis lines of our members", "need": "crisis-line", "limit": 3}),
    _heading("Sources", "h3"),
    _text(
        '<ul class="sources"><li>National Human Trafficking Hotline (operated by Polaris): "Recognizing the '
        'Signs", <a href="https://humantraffickinghotline.org">humantraffickinghotline.org</a>.</li>'
        "<li>U.S. Department of Justice: the Trafficking Victims Protection Act of 2000 and 18 U.S.C. § 1591, "
        '<a href="https://www.justice.gov/humantrafficking">justice.gov/humantrafficking</a>.</li>'
        "<li>United Nations Office on Drugs and Crime (UNODC): the Protocol to Prevent, Suppress and Punish "
        'Trafficking in Persons, <a href="https://www.unodc.org/unodc/en/human-trafficking/">unodc.org</a>.</li>'
        "</ul>"
    ),
]

PRESS_RELEASE_BODY = [
    _text(
        "<p><b>SACRAMENTO (sample)</b> — A two-week operation led by the Sacramento Regional Anti-Trafficking "
        "Task Force (sample) with the coalition's member organizations ended with 14 adults and 3 minors "
        "offered services by advocates, and 6 arrests on suspicion of trafficking-related offences.</p>"
        "<p>Every person identified was offered a victim advocate on the day. Advocates from Harbor House "
        "Women's Refuge (Sample) and Lifeline Sacramento Crisis Line (Sample) arranged emergency shelter for "
        "5 people through the coalition's referral service, without sharing anyone's name.</p>"
    ),
    (
        "quote",
        {
            "quote": "Survivors were met by advocates, not paperwork. That is what a coalition is for.",
            "attribution": "Dana Reyes (sample), coalition coordinator",
        },
    ),
    _text(
        "<p>All names, numbers and agencies in this press release are fictional sample data for the "
        "demonstration site.</p>"
    ),
    (
        "call_to_action",
        {
            "text": "Know the signs of trafficking, and how to report it.",
            "page": None,
            "url": "",
            "button": "Recognise the signs",
        },
    ),
]


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load_demo_content() -> dict:
    """Create or update the demo's public pages. Returns the pages by role."""
    home = HomePage.objects.filter(in_source_locale()).get()
    about = _publish(home, StandardPage, "about", title="About the coalition", body=ABOUT_BODY, show_in_menus=True)
    signs = _publish(
        home, StandardPage, "recognise-the-signs", title="Recognise the signs", body=SIGNS_BODY, show_in_menus=True
    )

    news = _publish(
        home,
        NewsIndexPage,
        "news",
        title="News",
        intro="Results, announcements and press releases from the coalition.",
        show_in_menus=True,
    )
    body = [
        block if block[0] != "call_to_action" else ("call_to_action", {**block[1], "page": signs})
        for block in PRESS_RELEASE_BODY
    ]
    release = _publish(
        news,
        NewsArticlePage,
        "operation-safe-harbor-results",
        title="Operation Safe Harbor (sample): 17 people offered help, 6 arrests",
        date=timezone.localdate() - timedelta(days=12),
        summary="A two-week operation by the task force (sample) and coalition members connected 17 people "
        "with advocates and shelter.",
        body=body,
        tags=["press release", "operations"],
    )

    events = _publish(
        home,
        EventIndexPage,
        "events",
        title="Events",
        intro="Coalition meetings, trainings and awareness events.",
        show_in_menus=True,
    )
    today = timezone.localdate()
    past = _publish(
        events,
        EventPage,
        "quarterly-coalition-meeting",
        title="Quarterly coalition meeting (sample)",
        start=_at(today - timedelta(days=30), 10),
        end=_at(today - timedelta(days=30), 12),
        place="Sample Community Hall (sample)",
        address="100 Example Street, Sacramento, CA",
        online_url="",
        summary="Members review the quarter's referrals and plan the next awareness campaign.",
        body=[],
    )
    upcoming = _publish(
        events,
        EventPage,
        "recognising-trafficking-training",
        title="Recognising trafficking: a training for front-line staff (sample)",
        start=_at(today + timedelta(days=21), 14),
        end=_at(today + timedelta(days=21), 16),
        place="",
        address="",
        online_url="https://meet.example.org/coalition-training-sample",
        summary="A two-hour online training on the signs of trafficking and how to refer through the coalition.",
        body=[_text("<p>Open to staff of member organizations. Captions are provided.</p>")],
    )
    return {
        "about": about,
        "signs": signs,
        "news": news,
        "release": release,
        "events": events,
        "past_event": past,
        "upcoming_event": upcoming,
    }
