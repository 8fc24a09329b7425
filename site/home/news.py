"""A draft news item from an operation's after-action report, for the coalition to review in Wagtail.

The draft is a news article (content.NewsArticlePage) under the news index, which goes through the coalition's
review like any page. Only the suppressed figures of the report go in (every count from 1 to 4 reads "fewer
than 5"); the draft is never published here.
"""

from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from content.models import NewsArticlePage, NewsIndexPage
from directory.locales import in_source_locale
from home.models import HomePage
from referrals.operations.reporting import SMALL


def _figure(value) -> str:
    return _("fewer than 5") if value == SMALL else str(value)


def news_text(data: dict) -> str:
    """The draft's body: the report's figures in plain sentences."""
    lines = [
        _("After-action report of %(name)s.") % {"name": data["name"]},
        "",
        _("Placements filed: %(n)s") % {"n": _figure(data["placements"])},
        _("Accepted: %(n)s") % {"n": _figure(data["accepted"])},
        _("Declined: %(n)s") % {"n": _figure(data["declined"])},
        _("Withdrawn: %(n)s") % {"n": _figure(data["withdrawn"])},
        _("Unanswered: %(n)s") % {"n": _figure(data["unanswered"])},
    ]
    if data["median_minutes_to_accept"] is not None:
        lines.append(
            _("Minutes to acceptance: median %(median)s, 90th percentile %(p90)s")
            % {"median": data["median_minutes_to_accept"], "p90": data["p90_minutes_to_accept"]}
        )
    bands = {"minors": _("Minors"), "18-24": _("Ages 18-24"), "25+": _("Ages 25 and over")}
    lines += [f"{bands[band]}: {_figure(value)}" for band, value in data["by_age_band"].items()]
    lines += [f"{code}: {_figure(value)}" for code, value in data["by_need"].items()]
    return "\n".join(lines)


def _news_index() -> NewsIndexPage:
    """The news index the draft goes under; an unpublished one under the home page if the site has none yet."""
    index = NewsIndexPage.objects.filter(locale__language_code="en").first() or NewsIndexPage.objects.first()
    if index is None:
        index = NewsIndexPage(title=_("News"), slug="news", live=False)
        HomePage.objects.filter(in_source_locale()).first().add_child(instance=index)
    return index


def draft_news_item(data: dict, owner=None) -> NewsArticlePage:
    """Create (never publish) a news article from a suppressed report; returns the draft."""
    index = _news_index()
    title = _("Results of %(name)s") % {"name": data["name"]}
    base = slugify(title)[:60] or "operation-report"
    slug, n = base, 1
    while index.get_children().filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    paragraphs = [line for line in news_text(data).split("\n") if line]
    page = NewsArticlePage(
        title=title,
        slug=slug,
        summary=_('Anonymous figures from the after-action report; counts from 1 to 4 read "fewer than 5".'),
        body=[("paragraph", RichText(f"<p>{escape(line)}</p>")) for line in paragraphs],
        live=False,
        owner=owner,
    )
    index.add_child(instance=page)
    page.save_revision(user=owner, log_action=True)
    return page
