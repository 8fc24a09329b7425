"""Site-wide pages: the home page with emergency numbers and a way in by need."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from content.blocks import ContentBlocks
from directory.locales import VisitorLanguageUrlMixin, in_source_locale, show_in_language, source_of

# The text the site tree is created with. Templates show it through {% trans page.title %} and the like,
# so the stock pages read in Spanish under /es/ while an editor's own words pass through unchanged.
STOCK_TEXT = [
    gettext_noop("Directory"),
    gettext_noop("Member organizations of the coalition and the help they offer."),
    gettext_noop("Find safe, confidential help from the member organizations of our coalition."),
]


class HomePage(VisitorLanguageUrlMixin, Page):
    intro = models.TextField(
        blank=True,
        default="Find safe, confidential help from the member organizations of our coalition.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "directory.DirectoryIndexPage",
        "home.StandardPage",
        "content.NewsIndexPage",
        "content.EventIndexPage",
        "training.TrainingIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from directory.listing import needs_with_counts
        from directory.models import DirectoryIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["needs"] = needs_with_counts()
        context["directory"] = DirectoryIndexPage.objects.live().filter(in_source_locale()).first()
        # About, news, events and the like: the public pages an editor marked "show in menus" (the source home's,
        # so a Spanish home lists them too; each links under /es/ and shows its translation where there is one).
        home = source_of(self) or self
        # Specific pages, so each links in the visitor's language (VisitorLanguageUrlMixin), named by its translation.
        menu = home.get_children().live().public().in_menu().not_type(DirectoryIndexPage).specific()
        context["menu_pages"] = show_in_language(menu, ("title",))
        return context

    def route(self, request, path_components):
        """/es/x/ is the Spanish page x where it exists and is live, else the English page x (the page then
        says, in Spanish, that it is not translated yet): Spanish pages keep their English slugs."""
        try:
            return super().route(request, path_components)
        except Http404:
            source = source_of(self)
            if source is None or source.pk == self.pk:
                raise
            return source.specific.route(request, path_components)


class StandardPage(VisitorLanguageUrlMixin, Page):
    """A content page (about, "recognise the signs", how to report), written with the site's content blocks."""

    body = StreamField(ContentBlocks(), blank=True, verbose_name=_("body"))
    content_panels = Page.content_panels + [FieldPanel("body")]
    subpage_types = []

    class Meta:
        verbose_name = _("standard page")
