"""The coalition directory: member organizations and their services as Wagtail pages.

Page tree: HomePage → DirectoryIndexPage → OrganizationPage → ServicePage.
Every organization, location and service carries an `hsds_id` (a UUID), its identity in HSDS exchange.
"""

import uuid

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from . import hours
from .geocode import UnknownPostalCode, geocode_zip
from .taxonomy import (
    GENDER_CHOICES,
    SECTOR_CHOICES,
    STATUS_ACTIVE,
    STATUS_CHOICES,
    TRAFFICKING_TYPE_CHOICES,
)

# --- Vocabularies (snippets) -------------------------------------------------------------------------


class Term(models.Model):
    """A code from one of the coalition's vocabularies, with labels in English and Spanish."""

    code = models.SlugField(max_length=40, unique=True, help_text=_("The exact code used in HSDS exchange."))
    name = models.CharField(max_length=120)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("name_es"), FieldPanel("description")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if get_language() == "es" and self.name_es:
            return self.name_es
        return self.name


class Need(Term):
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta(Term.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("need")


class Population(Term):
    class Meta(Term.Meta):
        verbose_name = _("population served")
        verbose_name_plural = _("populations served")


class Language(Term):
    code = models.CharField(max_length=12, unique=True, help_text=_("ISO 639-1 where one exists."))

    class Meta(Term.Meta):
        verbose_name = _("language")


# --- Fields ------------------------------------------------------------------------------------------


class ChoiceListField(models.JSONField):
    """A list of codes from fixed choices, edited as checkboxes; an empty list means "no restriction"."""

    def __init__(self, *args, choices_list=(), **kwargs):
        self.choices_list = list(choices_list)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path_, args, kwargs = super().deconstruct()
        kwargs["choices_list"] = self.choices_list
        return name, path_, args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices_list,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {code for code, _label in self.choices_list}
        unknown = [v for v in value or [] if v not in allowed]
        if unknown:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("Unknown codes: %(codes)s"), params={"codes": ", ".join(unknown)})


# --- Pages -------------------------------------------------------------------------------------------


class DirectoryIndexPage(RoutablePageMixin, Page):
    """The directory's front door: every need, and each need's listing at /directory/needs/<code>/."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["directory.OrganizationPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    def organizations(self):
        return (
            OrganizationPage.objects.child_of(self)
            .live()
            .public()
            .order_by("title")
        )

    @path("")
    def index_route(self, request):
        from .listing import needs_with_counts, organizations_for_index

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

        from .listing import services_for_need

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
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")
        ),
        FieldRowPanel([FieldPanel("sector"), FieldPanel("member_since"), FieldPanel("last_verified")]),
        InlinePanel("locations", label=_("Locations"), min_num=0),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("description")]
    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types = ["directory.ServicePage"]

    class Meta:
        verbose_name = _("organization")

    def services(self):
        return ServicePage.objects.child_of(self).live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        from .listing import with_listing_data

        context = super().get_context(request, *args, **kwargs)
        context["services"] = with_listing_data(self.services())
        context["locations"] = list(self.locations.all())
        return context


class Location(Orderable, ClusterableModel):
    """A place where an organization serves people. Coordinates come from the ZIP when not given."""

    organization = ParentalKey(OrganizationPage, on_delete=models.CASCADE, related_name="locations")
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    address_1 = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(_("state"), max_length=2, default="CA")
    postal_code = models.CharField(_("ZIP code"), max_length=10)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    confidential_address = models.BooleanField(
        default=False,
        help_text=_("Shelters at a confidential address show only the city and ZIP code in public."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address_1"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("state_province"), FieldPanel("postal_code")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("confidential_address"),
    ]

    def __str__(self):
        return f"{self.name} ({self.city or self.postal_code})"

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.latitude is None or self.longitude is None:
            try:
                geocode_zip(self.postal_code)
            except UnknownPostalCode:
                raise ValidationError({"postal_code": _("This is not a US ZIP code we know.")}) from None

    def save(self, *args, **kwargs):
        self.fill_from_zip()
        super().save(*args, **kwargs)

    def fill_from_zip(self):
        """Geocode offline from the ZIP when coordinates (or the city) are missing."""
        if self.latitude is not None and self.longitude is not None and self.city:
            return
        try:
            place = geocode_zip(self.postal_code)
        except UnknownPostalCode:
            return
        if self.latitude is None or self.longitude is None:
            self.latitude, self.longitude = place.latitude, place.longitude
        if not self.city:
            self.city = place.city

    @property
    def public_address(self) -> str:
        parts = [] if self.confidential_address else [self.address_1]
        parts += [self.city, f"{self.state_province} {self.postal_code}".strip()]
        return ", ".join(p for p in parts if p)


class ServicePageForm(WagtailAdminPageForm):
    """Offer only the parent organization's own locations."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        organization = parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if organization is not None and "locations" in self.fields:
            self.fields["locations"].queryset = Location.objects.filter(organization_id=organization.pk)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age cannot be below the minimum age."))
        return cleaned


class ServicePage(Page):
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
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
        _("places free"), null=True, blank=True,
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
            [FieldPanel("accepting_referrals", read_only=True), FieldPanel("places_free", read_only=True),
             FieldPanel("capacity_note", read_only=True)],
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
        return self.get_parent().specific

    @property
    def is_active(self) -> bool:
        return self.status == STATUS_ACTIVE

    def periods(self) -> list[hours.Period]:
        return [
            hours.Period(s.weekday, s.opens_at, s.closes_at) for s in self.schedules.all()
        ]

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
        context["organization"] = self.organization
        context["schedule_rows"] = self.schedule_rows()
        context["verified_on"] = context["organization"].last_verified
        context["locations"] = list(self.locations.all())
        context["week_rows"] = self.week_rows()
        context["next_change"] = None if self.intake_24_7 else hours.next_change(self.periods())
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
            by_day.setdefault(s.weekday, []).append(
                f"{s.opens_at:%H:%M}\u2013{s.closes_at:%H:%M}"
            )
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


# --- Member upkeep: editors, availability log, verification reminders, problem reports ----------------


class OrganizationEditors(models.Model):
    """The Wagtail group whose members edit one organization's listing (its page and its services)."""

    organization = models.OneToOneField(OrganizationPage, on_delete=models.CASCADE, related_name="editors")
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="listing_editors_of")

    class Meta:
        verbose_name = _("organization editors group")

    def __str__(self):
        return self.group.name


class CapacityChange(models.Model):
    """Append-only log of "accepting referrals" / capacity statements made without review."""

    service = models.ForeignKey(ServicePage, on_delete=models.CASCADE, related_name="capacity_changes")
    changed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    old_accepting = models.BooleanField()
    new_accepting = models.BooleanField()
    old_note = models.CharField(max_length=120, blank=True)
    new_note = models.CharField(max_length=120, blank=True)
    old_places_free = models.PositiveSmallIntegerField(null=True, blank=True)
    new_places_free = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("capacity change")

    def __str__(self):
        return f"{self.service_id} at {self.changed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Capacity changes are append-only.")
        super().save(*args, **kwargs)


class VerificationReminder(models.Model):
    """One reminder sent to an organization's editors; the key makes the daily command idempotent."""

    organization = models.ForeignKey(OrganizationPage, on_delete=models.CASCADE, related_name="+")
    threshold_days = models.PositiveSmallIntegerField()
    verified_on = models.DateField(help_text=_("The verification date the reminder counted from."))
    sent_at = models.DateTimeField(default=timezone.now)
    recipient_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "threshold_days", "verified_on"], name="one_reminder_per_threshold"
            )
        ]

    def __str__(self):
        return f"{self.threshold_days}-day reminder for {self.organization_id}"


class ProblemReport(models.Model):
    """A visitor's report that a public listing is wrong. Nothing about the reporter is kept."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Phone, email or website is wrong")
        HOURS = "hours", _("Hours are wrong")
        CLOSED = "closed", _("The service has closed or moved")
        ELIGIBILITY = "eligibility", _("Who it serves is wrong")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(OrganizationPage, on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField(_("what is wrong"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    message = models.TextField(_("details"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution_note = models.TextField(blank=True)

    panels = [FieldPanel("status"), FieldPanel("resolution_note")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("problem report")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.page.title}"
