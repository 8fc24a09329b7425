"""Member upkeep: editors, availability log, verification reminders, problem reports."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from .organization import OrganizationPage
from .service import ServicePage


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
    changed_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
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
