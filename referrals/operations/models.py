"""The models of operations. They belong to the `referrals` app (imported at the end of referrals/models.py).

An operation's status is never stored: it follows its window and a manual close at once (`Operation.status`,
and `OperationQuerySet.planned/active/closed` for lists), so no job has to move it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class OperationQuerySet(models.QuerySet):
    """Status filters computed in the database from the window and `closed_at`, at `now` (default: now)."""

    def _closed_q(self, now):
        return Q(closed_at__isnull=False, closed_at__lte=now) | Q(ends_at__lte=now)

    def closed(self, now=None):
        return self.filter(self._closed_q(now or timezone.now()))

    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now).exclude(self._closed_q(now))

    def planned(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__gt=now).exclude(self._closed_q(now))

    def open(self, now=None):
        """Planned or active: what providers see on standby."""
        return self.exclude(self._closed_q(now or timezone.now()))

    def with_status(self, now=None):
        """Annotate `current_status` (one of OperationStatus) for ordering or display in lists."""
        now = now or timezone.now()
        return self.annotate(
            current_status=Case(
                When(self._closed_q(now), then=Value(OperationStatus.CLOSED)),
                When(starts_at__gt=now, then=Value(OperationStatus.PLANNED)),
                default=Value(OperationStatus.ACTIVE),
                output_field=models.CharField(),
            )
        )


class Operation(models.Model):
    """One operation (for example "Operation: Hot Spots"): a window, an area, the agencies and people in it."""

    name = models.CharField(_("name"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("An operation may span several days."))
    postal_codes = models.JSONField(
        _("ZIP codes of the area"), default=list, blank=True, help_text=_("Five-digit ZIP codes.")
    )
    lead_agency = models.ForeignKey(
        "directory.OrganizationPage",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations_led",
    )
    organizations = models.ManyToManyField(
        "directory.OrganizationPage",
        verbose_name=_("participating organizations"),
        blank=True,
        related_name="operations",
        help_text=_("Member organizations taking part, law enforcement included."),
    )
    on_call = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on-call advocates"),
        blank=True,
        related_name="operations_on_call",
        help_text=_("Who is alerted and shown on the board. Any advocate member may file placements."),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations_coordinated",
    )
    radius_miles = models.FloatField(
        _("radius (miles)"),
        default=25,
        help_text=_("Placements without a radius reach services this far from the client's ZIP or the area."),
    )
    widen_after_minutes = models.PositiveSmallIntegerField(
        _("widen after (minutes)"), default=10, help_text=_("An unanswered placement then goes to the next services.")
    )
    max_recipients = models.PositiveSmallIntegerField(
        _("services per placement"), default=8, help_text=_("How many services a placement goes to at once.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = OperationQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "name"]
        verbose_name = _("operation")
        constraints = [
            models.CheckConstraint(
                name="operation_ends_after_it_starts", condition=Q(ends_at__gt=models.F("starts_at"))
            )
        ]

    def __str__(self):
        return self.name

    def status_at(self, now=None) -> str:
        now = now or timezone.now()
        if (self.closed_at is not None and self.closed_at <= now) or self.ends_at <= now:
            return OperationStatus.CLOSED
        if now < self.starts_at:
            return OperationStatus.PLANNED
        return OperationStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self) -> str:
        return str(OperationStatus(self.status).label)

    def status_label(self) -> str:
        return self.get_status_display()

    status_label.short_description = _("status")

    @property
    def is_active(self) -> bool:
        return self.status == OperationStatus.ACTIVE


class JuvenileStep(models.Model):
    """One step of the coalition's juvenile protocol, shown as a checklist on every placement of a client under
    18 (for example "Notify the county's child-welfare liaison"). Configured once for the coalition."""

    label = models.CharField(_("step"), max_length=200)
    organization = models.ForeignKey(
        "directory.OrganizationPage",
        verbose_name=_("organization to involve"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For example the child-welfare liaison or probation (optional)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("juvenile protocol step")
        verbose_name_plural = _("juvenile protocol steps")

    def __str__(self):
        return self.label


class Hold(models.Model):
    """Places a provider holds for an operation's window ("2 beds held 8 pm-4 am"), for one need.

    Holds feed matching for the operation's placements as live capacity: services with free held places are
    sent placements first. A released hold counts no more."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="holds")
    service = models.ForeignKey("directory.ServicePage", on_delete=models.PROTECT, related_name="operation_holds")
    need = models.ForeignKey("directory.Need", on_delete=models.PROTECT, related_name="+")
    places = models.PositiveSmallIntegerField(_("places held"))
    starts_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty: the operation's start."))
    ends_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty: the operation's end."))
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(name="hold_places_positive", condition=Q(places__gt=0))]

    def __str__(self):
        return f"{self.places} × {self.need_id} at {self.service_id}"

    @property
    def window(self):
        return (self.starts_at or self.operation.starts_at, self.ends_at or self.operation.ends_at)

    def in_force(self, now=None) -> bool:
        now = now or timezone.now()
        start, end = self.window
        return self.released_at is None and start <= now < end


class JuvenileCheck(models.Model):
    """A juvenile protocol step done for one placement: who and when, no client facts."""

    placement = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="juvenile_checks")
    step = models.ForeignKey(JuvenileStep, on_delete=models.PROTECT, related_name="checks")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["placement", "step"], name="one_check_per_step")]

    def __str__(self):
        return f"{self.step_id} done at {self.done_at:%Y-%m-%d %H:%M}"


class OperationAlert(models.Model):
    """Something the coordinator should look at (a placement widened, still unanswered): a code, never facts."""

    class Kind(models.TextChoices):
        WIDENED = "widened", _("A placement was unanswered and went to more services")
        NO_MORE_SERVICES = "no_more_services", _("A placement is unanswered and no other service fits")

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="alerts")
    placement = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, null=True, blank=True, related_name="operation_alerts"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} at {self.created_at:%H:%M}"
