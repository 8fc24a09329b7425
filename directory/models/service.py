"""Services (the pages matching and search are about) and their weekly hours."""

import uuid

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from directory import hours
from directory.locales import (
    TRANSLATED_SERVICE_FIELDS,
    VisitorLanguageUrlMixin,
    in_source_locale,
    is_translation,
    shown_in_language,
)
from directory.taxonomy import GENDER_CHOICES, STATUS_ACTIVE, STATUS_CHOICES, TRAFFICKING_TYPE_CHOICES
from directory.tree import parent_path, parent_path_expression

from .fields import ChoiceListField
from .location import Location
from .organization import OrganizationPage
from .vocabularies import Language, Need, Population


class ServicePageForm(WagtailAdminPageForm):
    """Offer only the parent organization's own locations."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        organization = parent_page or (self.instance.organization if self.instance.pk else None)
        if organization is not None and "locations" in self.fields:
            self.fields["locations"].queryset = Location.objects.filter(organization_id=organization.pk)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age cannot be below the minimum age."))
        return cleaned


class ServicePageQuerySet(PageQuerySet):
    """The one definition of "published" and "referable", and the one prefetch shape for listings,
    search documents and HSDS export."""

    _attach_organizations = False

    def published(self):
        """Live and public, under a live organization, in the source locale: a translation is the same
        service in other words, never a second entry (directory/locales.py)."""
        organization = OrganizationPage.objects.live().filter(path=parent_path_expression(OuterRef("path")))
        return self.live().public().filter(in_source_locale()).filter(Exists(organization))

    def referable(self):
        """Published, active and accepting referrals: what an advocate may send a referral to."""
        return self.published().filter(status=STATUS_ACTIVE, accepting_referrals=True)

    def with_listing_data(self):
        """Prefetch what a service card, a search document and an HSDS object show (needs, languages,
        populations, locations, hours) and give each service its organization, in a fixed number of queries."""
        queryset = self.prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("sort_order", "name")),
            Prefetch("languages", queryset=Language.objects.order_by("name")),
            Prefetch("populations", queryset=Population.objects.order_by("name")),
            Prefetch("locations", queryset=Location.objects.order_by("sort_order")),
            Prefetch("schedules", queryset=ServiceSchedule.objects.order_by("weekday", "opens_at")),
        )
        queryset._attach_organizations = True
        return queryset

    def _clone(self):
        clone = super()._clone()
        clone._attach_organizations = self._attach_organizations
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._attach_organizations:
            attach_organizations([s for s in self._result_cache if isinstance(s, ServicePage)])


def attach_organizations(services) -> None:
    """Give each service its organization (its parent page) in one query, whatever their number."""
    missing = [s for s in services if "_organization" not in s.__dict__]
    if not missing:
        return
    organizations = OrganizationPage.objects.filter(path__in={parent_path(s.path) for s in missing})
    by_path = {o.path: o for o in organizations}
    for service in missing:
        if parent_path(service.path) in by_path:
            service._organization = by_path[parent_path(service.path)]


class ServicePage(VisitorLanguageUrlMixin, Page):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exclude_fields_in_copy = ["hsds_id"]  # a copy in the admin is a new service with its own HSDS id
    summary = models.CharField(max_length=255, blank=True)
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=STATUS_ACTIVE)

    needs = ParentalManyToManyField(Need, related_name="services", blank=False)
    populations = ParentalManyToManyField(Population, related_name="services", blank=True)
    languages = ParentalManyToManyField(Language, related_name="services", blank=True)
    genders = ChoiceListField(
        _("serves only these genders"),
        choices_list=GENDER_CHOICES,
        help_text=_("Leave empty if the service is open to everyone."),
    )
    trafficking_types = ChoiceListField(
        _("serves only survivors of"),
        choices_list=TRAFFICKING_TYPE_CHOICES,
        help_text=_("Leave empty if the service serves survivors of both sex and labor trafficking."),
    )
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    locations = ParentalManyToManyField(Location, related_name="services", blank=True)

    intake_24_7 = models.BooleanField(_("24/7 intake"), default=False)
    accepting_referrals = models.BooleanField(default=True)
    capacity_note = models.CharField(
        max_length=120, blank=True, help_text=_('For example "2 beds free". Shown with when it was said.')
    )
    places_free = models.PositiveSmallIntegerField(
        _("places free"),
        null=True,
        blank=True,
        help_text=_("Beds or places free now, as last said with “Update availability”; empty = not said."),
    )
    capacity_updated_at = models.DateTimeField(null=True, blank=True)

    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    how_to_get_help = models.TextField(_("how to get help"), blank=True)
    eligibility_description = models.TextField(_("who is eligible, in words"), blank=True)
    fees_description = models.CharField(_("cost"), max_length=255, blank=True, default="Free")
    documents_required = models.TextField(blank=True)
    accessibility = models.TextField(blank=True)
    interpretation_services = models.CharField(max_length=255, blank=True)

    objects = PageManager.from_queryset(ServicePageQuerySet)()

    base_form_class = ServicePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldPanel("needs", widget=forms.CheckboxSelectMultiple),
                FieldPanel("populations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What and for whom"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("genders"),
                FieldPanel("trafficking_types"),
                FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
            ],
            heading=_("Eligibility rules used in matching"),
        ),
        FieldPanel("locations", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("intake_24_7"),
                InlinePanel("schedules", label=_("Weekly hours")),
            ],
            heading=_("Hours"),
        ),
        MultiFieldPanel(
            # Read-only here: these change at once, without review, through "Update availability"
            # (directory.live_updates); a draft must never carry an old value back on publication.
            [
                FieldPanel("accepting_referrals", read_only=True),
                FieldPanel("places_free", read_only=True),
                FieldPanel("capacity_note", read_only=True),
            ],
            heading=_("Referrals and capacity (change with “Update availability”)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("how_to_get_help"),
                FieldPanel("eligibility_description"),
                FieldPanel("fees_description"),
                FieldPanel("documents_required"),
                FieldPanel("accessibility"),
                FieldPanel("interpretation_services"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")]),
            ],
            heading=_("What a person needs to act"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("description")]
    parent_page_types = ["directory.OrganizationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service")

    # --- Derived facts used by pages, search documents and matching ---

    @property
    def organization(self) -> OrganizationPage:
        """The parent organization: the one way to reach it (loaded once; with_listing_data() attaches it)."""
        if "_organization" not in self.__dict__:
            self._organization = OrganizationPage.objects.get(path=parent_path(self.path))
        return self._organization

    @property
    def is_active(self) -> bool:
        return self.status == STATUS_ACTIVE

    def periods(self) -> list[hours.Period]:
        return [hours.Period(s.weekday, s.opens_at, s.closes_at) for s in self.schedules.all()]

    def is_open(self, moment=None) -> bool:
        return self.intake_24_7 or hours.is_open(self.periods(), moment)

    @cached_property
    def open_now(self) -> bool:
        return self.is_open()

    @property
    def age_range_label(self) -> str:
        low, high = self.minimum_age, self.maximum_age
        if low is None and high is None:
            return ""
        if high is None:
            return _("Ages %(low)s and over") % {"low": low}
        if low is None:
            return _("Ages up to %(high)s") % {"high": high}
        return _("Ages %(low)s-%(high)s") % {"low": low, "high": high}

    @property
    def gender_restriction_label(self) -> str:
        """The gender rule in words ("Only for: Female, Male"); empty when the service serves everyone."""
        labels = dict(GENDER_CHOICES)
        names = [str(labels.get(code, code)) for code in self.genders or []]
        return _("Only for: %(genders)s") % {"genders": ", ".join(names)} if names else ""

    @property
    def trafficking_restriction_label(self) -> str:
        """The trafficking-type rule in words; empty when the service serves survivors of both."""
        labels = dict(TRAFFICKING_TYPE_CHOICES)
        names = [str(labels.get(code, code)) for code in self.trafficking_types or []]
        return _("Only for survivors of: %(types)s") % {"types": ", ".join(names)} if names else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A translation shows its own words over the source's facts (hours, phone, places, availability).
        service = shown_in_language(self, TRANSLATED_SERVICE_FIELDS) if is_translation(self) else self
        context["service"] = service
        context["organization"] = service.organization.shown_in_language()
        context["schedule_rows"] = service.schedule_rows()
        context["verified_on"] = service.organization.last_verified
        context["locations"] = list(service.locations.all())
        context["week_rows"] = service.week_rows()
        context["next_change"] = None if service.intake_24_7 else hours.next_change(service.periods())
        context["next_change_today"] = bool(context["next_change"]) and (
            context["next_change"].date() == hours.site_now().date()
        )
        return context

    def week_rows(self):
        """(day label, [(opens, closes), ...], is today) for all seven days, Monday first; none without hours."""
        schedules = list(self.schedules.all())
        if not schedules:
            return []
        today = hours.site_now().weekday()
        return [
            (DAY_LABELS[day], [(s.opens_at, s.closes_at) for s in schedules if s.weekday == day], day == today)
            for day in range(7)
        ]

    def schedule_rows(self):
        """(weekday label, "09:00-17:00, 18:00-20:00") for each day with hours, Monday first."""
        by_day: dict[int, list[str]] = {}
        for s in self.schedules.all():
            by_day.setdefault(s.weekday, []).append(f"{s.opens_at:%H:%M}\u2013{s.closes_at:%H:%M}")
        return [(DAY_LABELS[d], ", ".join(by_day[d])) for d in sorted(by_day)]

    def mark_capacity(self, accepting: bool, note: str = "", places_free: int | None = None):
        self.accepting_referrals = accepting
        self.capacity_note = note
        self.places_free = places_free
        self.capacity_updated_at = timezone.now()


DAY_LABELS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


class ServiceSchedule(Orderable):
    """One weekly opening period. A closing time at or before the opening time runs past midnight."""

    service = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(choices=list(enumerate(DAY_LABELS)))
    opens_at = models.TimeField()
    closes_at = models.TimeField()

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens_at"), FieldPanel("closes_at")])]

    class Meta(Orderable.Meta):
        ordering = ["weekday", "opens_at"]

    @property
    def byday(self) -> str:
        return hours.WEEKDAYS[self.weekday]
