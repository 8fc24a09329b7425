"""The directory's index page and member organizations."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from directory.taxonomy import SECTOR_CHOICES

from .vocabularies import Need


class DirectoryIndexPage(RoutablePageMixin, Page):
    """The directory's front door: every need, and each need's listing at /directory/needs/<code>/."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["directory.OrganizationPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    def organizations(self):
        return OrganizationPage.objects.child_of(self).live().public().order_by("title")

    @path("")
    def index_route(self, request):
        from directory.listing import needs_with_counts, organizations_for_index

        return self.render(
            request,
            context_overrides={
                "needs": needs_with_counts(),
                "organizations": organizations_for_index(self.organizations()),
            },
        )

    @path("needs/<slug:code>/")
    def need_route(self, request, code):
        from django.shortcuts import get_object_or_404

        from directory.listing import services_for_need

        need = get_object_or_404(Need, code=code)
        return self.render(
            request,
            template="directory/need_listing.html",
            context_overrides={"need": need, "services": services_for_need(need)},
        )


class OrganizationPage(Page):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    summary = models.CharField(max_length=255, blank=True, help_text=_("One sentence about what you do."))
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    sector = models.CharField(max_length=30, choices=SECTOR_CHOICES, blank=True)
    member_since = models.DateField(null=True, blank=True)
    last_verified = models.DateField(null=True, blank=True, help_text=_("When the listing was last confirmed."))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("logo"),
        MultiFieldPanel([FieldPanel("website"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("member_since"), FieldPanel("last_verified")]),
        InlinePanel("locations", label=_("Locations"), min_num=0),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("description")]
    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = ["directory.ServicePage"]

    class Meta:
        verbose_name = _("organization")

    def services(self):
        from .service import ServicePage  # defined after this module, which it imports

        return ServicePage.objects.child_of(self).live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        from directory.listing import with_listing_data

        context = super().get_context(request, *args, **kwargs)
        context["services"] = with_listing_data(self.services())
        context["locations"] = list(self.locations.all())
        return context
