"""News and events: the coalition's public voice, written with the site's content blocks (content.blocks).

News: an index at /news/ with RSS and Atom feeds (content.feeds), articles with a date, summary, image and
tags. Events: an index at /events/ with upcoming and past events; each event shows its times in the site's
TIME_ZONE and offers an iCalendar download (content.calendar). Both publish through Coalition review.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from directory.locales import VisitorLanguageUrlMixin, live_translations, source_of

from .blocks import ContentBlocks

ARTICLES_PER_PAGE = 10
FEED_ITEMS = 20


def source_index(index):
    """The English index whose children are the entries: a Spanish index lists them all, not only the ones
    translated yet (each shows in Spanish where a live translation exists, see in_visitor_language)."""
    return source_of(index) or index


def in_visitor_language(pages) -> list:
    """Each page replaced by its live translation in the visitor's language, when there is one."""
    pages = list(pages)
    translations = live_translations(pages)
    return [translations.get(page.translation_key, page) for page in pages]


class NewsIndexPage(VisitorLanguageUrlMixin, RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["content.NewsArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index")

    def articles(self):
        """Published, public articles, newest first (what the index and the feeds show)."""
        return NewsArticlePage.objects.child_of(source_index(self)).live().public().order_by("-date", "-pk")

    @path("")
    def index_route(self, request):
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            articles = articles.filter(tags__slug=tag)
        page_obj = Paginator(articles.select_related("image"), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        page_obj.object_list = in_visitor_language(page_obj.object_list)
        return self.render(request, context_overrides={"articles": page_obj, "tag": tag})

    @path("feed/rss/", name="rss")
    def rss_route(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_route(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsArticleTag(TaggedItemBase):
    content_object = ParentalKey("content.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsArticlePage(VisitorLanguageUrlMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One or two sentences for lists and feeds."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image alt text"), max_length=250, blank=True, help_text=_("What the image shows. Required with an image.")
    )
    tags = ClusterTaggableManager(through=NewsArticleTag, blank=True, verbose_name=_("tags"))
    body = StreamField(ContentBlocks(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("summary"), FieldPanel("tags")], heading=_("About")),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})


class EventIndexPage(VisitorLanguageUrlMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["content.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.child_of(source_index(self)).live().public()
        now = timezone.now()
        # An event is upcoming until it ends (or, without an end, until it starts).
        still_on = models.Q(end__gte=now) | models.Q(end__isnull=True, start__gte=now)
        context["upcoming"] = in_visitor_language(events.filter(still_on).order_by("start", "pk"))
        context["past"] = in_visitor_language(events.exclude(still_on).order_by("-start", "-pk")[:20])
        return context


class EventPage(VisitorLanguageUrlMixin, RoutablePageMixin, Page):
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("Leave empty for an online event."))
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    body = StreamField(ContentBlocks(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        MultiFieldPanel([FieldPanel("place"), FieldPanel("address"), FieldPanel("online_url")], heading=_("Where")),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("An event cannot end before it starts.")
        if not self.place.strip() and not self.online_url:
            errors["place"] = _("Give a place, an online meeting link, or both.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self) -> bool:
        return (self.end or self.start) < timezone.now()

    @path("")
    def event_route(self, request):
        return self.render(request)

    @path("ics/", name="ics")
    def ics_route(self, request):
        from django.http import HttpResponse

        from .calendar import event_calendar

        response = HttpResponse(event_calendar(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response
