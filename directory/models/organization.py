"""The directory's index page and member organizations."""

import uuid

from django.db import models
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from directory.http import carries_typed_input
from directory.locales import (
    TRANSLATED_ORGANIZATION_FIELDS,
    TRANSLATED_SERVICE_FIELDS,
    VisitorLanguageUrlMixin,
    in_source_locale,
    is_translation,
    show_in_language,
    shown_in_language,
    source_of,
)
from directory.taxonomy import SECTOR_CHOICES

from .vocabularies import Need


class DirectoryIndexPage(VisitorLanguageUrlMixin, RoutablePageMixin, Page):
    """The directory's front door: every need, and each need's listing at /directory/needs/<code>/."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["directory.OrganizationPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    def organizations(self):
        """The published organizations (source pages: a Spanish index lists the same entries)."""
        source = source_of(self) or self
        return OrganizationPage.objects.published().child_of(source).order_by("title")

    @path("")
    def index_route(self, request):
        from directory.listing import needs_with_counts, organizations_for_index

        return self.render(
            request,
            context_overrides={
                "needs": needs_with_counts(),
                "organizations": show_in_language(
                    organizations_for_index(self.organizations()), TRANSLATED_ORGANIZATION_FIELDS
                ),
            },
        )

    @path("needs/<slug:code>/")
    def need_route(self, request, code):
        from django.shortcuts import get_object_or_404

        from directory.listing import services_for_need, sorted_by_distance

        need = get_object_or_404(Need, code=code)
        services = show_in_language(services_for_need(need), TRANSLATED_SERVICE_FIELDS)
        postal_code = request.GET.get("zip", "").strip()[:10]
        zip_error = False
        if postal_code:
            services, zip_error = sorted_by_distance(services, postal_code)
        response = self.render(
            request,
            template="directory/need_listing.html",
            context_overrides={"need": need, "services": services, "postal_code": postal_code, "zip_error": zip_error},
        )
        if carries_typed_input(request.GET):
            # The page shows the ZIP code the visitor typed: kept by no cache, ours or the browser's (as search).
            add_never_cache_headers(response)
        return response


class OrganizationPageQuerySet(PageQuerySet):
    def published(self):
        """Live and public organizations in the source locale (their translations are not extra entries)."""
        return self.live().public().filter(in_source_locale())


class OrganizationPage(VisitorLanguageUrlMixin, Page):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exclude_fields_in_copy = ["hsds_id"]  # a copy in the admin is a new organization with its own HSDS id
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
    objects = PageManager.from_queryset(OrganizationPageQuerySet)()

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("description")]
    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = ["directory.ServicePage"]

    class Meta:
        verbose_name = _("organization")

    def services(self):
        from .service import ServicePage  # defined after this module, which it imports

        return ServicePage.objects.child_of(self).live().public().order_by("title")

    def shown_in_language(self):
        """This (source) organization with its live translation's words in the active language, if any."""
        return show_in_language([self], TRANSLATED_ORGANIZATION_FIELDS)[0]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from directory.maps import location_points, points_json

        # A translation shows its own words over the source's facts, services and locations.
        organization = shown_in_language(self, TRANSLATED_ORGANIZATION_FIELDS) if is_translation(self) else self
        context["organization"] = organization
        context["services"] = show_in_language(organization.services().with_listing_data(), TRANSLATED_SERVICE_FIELDS)
        context["locations"] = list(organization.locations.all())
        context["map_points"] = points_json(location_points(organization.title, self.url, context["locations"]))
        return context
