"""Places where an organization serves people."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from directory.geocode import UnknownPostalCode, geocode_zip

from .organization import OrganizationPage


class Location(Orderable, ClusterableModel):
    """A place where an organization serves people. Coordinates come from the ZIP when not given."""

    organization = ParentalKey(OrganizationPage, on_delete=models.CASCADE, related_name="locations")
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exclude_fields_in_copy = ["hsds_id"]  # see copy_cluster
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

    def copy_cluster(self, exclude_fields=None):
        # Copying the organization in the admin copies its locations through here: each gets a new HSDS id.
        return super().copy_cluster(exclude_fields=[*(exclude_fields or []), *self.exclude_fields_in_copy])

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

    # What public_coordinates reads: a map of many locations loads these columns only.
    PUBLIC_POINT_FIELDS = ("confidential_address", "postal_code", "latitude", "longitude")

    def public_coordinates(self) -> tuple[float, float] | None:
        """Where this location may be shown or measured from in public: a confidential address is never
        more precise than its ZIP code's centre."""
        return public_point(**{name: getattr(self, name) for name in self.PUBLIC_POINT_FIELDS})

    @property
    def public_address(self) -> str:
        parts = [] if self.confidential_address else [self.address_1]
        parts += [self.city, f"{self.state_province} {self.postal_code}".strip()]
        return ", ".join(p for p in parts if p)


def public_point(*, confidential_address, postal_code, latitude, longitude) -> tuple[float, float] | None:
    """Location.public_coordinates from the PUBLIC_POINT_FIELDS' values alone (a map of many locations reads
    them as plain rows, without building a Location for each)."""
    if confidential_address:
        try:
            place = geocode_zip(postal_code)
        except UnknownPostalCode:
            return None
        return place.latitude, place.longitude
    if latitude is None or longitude is None:
        return None
    return latitude, longitude
