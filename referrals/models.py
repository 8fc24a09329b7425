"""People and roles; the referral workflow's models build on these."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.taxonomy import GENDER_CHOICES, TRAFFICKING_TYPE_CHOICES


class Role(models.TextChoices):
    ADVOCATE = "advocate", _("Advocate")
    PROVIDER = "provider", _("Provider")
    COALITION_ADMIN = "coalition-admin", _("Coalition admin")


class Membership(models.Model):
    """Links a user to one member organization with one role. Coalition admins may have no organization."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organization = models.ForeignKey(
        "directory.OrganizationPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_org_required_for_advocates_and_providers",
                condition=models.Q(role="coalition-admin") | models.Q(organization__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


# --- API tokens ------------------------------------------------------------------------------------------


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 hash of the token is kept; the role is fixed at issue.

    A token stops working when revoked or when its user's role has changed since it was issued.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text=_("The first characters, to tell tokens apart."))
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text=_("The token stops working at this time."))

    class Meta:
        verbose_name = _("API token")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"


# --- Referrals -------------------------------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReferralMode(models.TextChoices):
    DIRECT = "direct", _("Sent to chosen services")
    FIRST_ACCEPT = "first_accept", _("First to accept gets it")


class Referral(models.Model):
    """A request for help for one client, identified only by a random code and eligibility facts.

    A placement of an operation (issue 16) is a referral with `operation` set and `mode` "first_accept": it
    goes to many services at once and the first acceptance withdraws the other parts (reason "filled").
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client_code = models.CharField(max_length=16, unique=True, editable=False)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=30, choices=GENDER_CHOICES, blank=True)
    languages = models.JSONField(default=list, blank=True)
    trafficking_type = models.CharField(max_length=10, choices=TRAFFICKING_TYPE_CHOICES, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    needs = models.ManyToManyField("directory.Need", related_name="referrals")
    urgent = models.BooleanField(default=False)
    note = models.TextField(
        blank=True, max_length=1000, help_text=_("For the receiving organization: no names, phones or addresses.")
    )
    advocate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made")
    organization = models.ForeignKey(
        "directory.OrganizationPage", on_delete=models.PROTECT, related_name="referrals_made"
    )
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True, help_text=_("When PII and note were destroyed."))
    # Operations (issue 16)
    operation = models.ForeignKey(
        "referrals.Operation", on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    mode = models.CharField(max_length=20, choices=ReferralMode.choices, default=ReferralMode.DIRECT)
    idempotency_key = models.CharField(
        max_length=80, blank=True, help_text=_("A double-submitted placement with the same key makes one placement.")
    )
    widened_at = models.DateTimeField(null=True, blank=True, help_text=_("When it last went to more services."))
    widen_rounds = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["advocate", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="one_referral_per_idempotency_key",
            )
        ]

    def __str__(self):
        return self.client_code


class RecipientStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    VIEWED = "viewed", _("Viewed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    INFO_REQUESTED = "info_requested", _("Information requested")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    UNABLE_TO_REACH = "unable_to_reach", _("Unable to reach client")
    CLIENT_DECLINED = "client_declined", _("Client declined")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    ENGAGED = "engaged", _("Client engaged")
    NOT_ENGAGED = "not_engaged", _("Client did not engage")


class Recipient(models.Model):
    """One service a referral was sent to, with its own status."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="recipients")
    service = models.ForeignKey("directory.ServicePage", on_delete=models.PROTECT, related_name="referrals")
    # The service's organization when the referral was sent: who may see and answer it.
    organization = models.ForeignKey(
        "directory.OrganizationPage", on_delete=models.PROTECT, related_name="referrals_received"
    )
    status = models.CharField(max_length=20, choices=RecipientStatus.choices, default=RecipientStatus.SENT)
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    withdraw_reason = models.CharField(
        max_length=20, blank=True, help_text=_('A code: "filled" when another service accepted a placement first.')
    )
    widen_round = models.PositiveSmallIntegerField(default=0, help_text=_("0: sent at first; 1, 2…: widening."))
    sent_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "service"], name="one_recipient_per_service"),
        ]
        indexes = [models.Index(fields=["status", "respond_by"])]

    def __str__(self):
        return f"{self.referral_id} → {self.service_id} ({self.status})"


class RecipientEvent(models.Model):
    """One change of a recipient's status: who (none for the system), when, from what to what."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=RecipientStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RecipientStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status} at {self.at:%Y-%m-%d %H:%M}"


# --- Notifications outbox ----------------------------------------------------------------------------------


class Notification(models.Model):
    """An email waiting to be sent, written in the same transaction as the change it announces.

    It holds only a neutral sentence and a link with an opaque id; never client facts.
    """

    class Kind(models.TextChoices):
        NEW_REFERRAL = "new_referral", _("New referral")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        INFO_REQUESTED = "info_requested", _("Information requested")
        EXPIRED = "expired", _("Expired")
        FILLED = "filled", _("Filled by another service")
        OPERATION_ALERT = "operation_alert", _("Operation alert")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    failed = models.BooleanField(default=False)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "failed"])]

    def __str__(self):
        return f"{self.kind} ({'sent' if self.sent_at else 'pending'})"


# --- Audit ---------------------------------------------------------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """Who did what to which referral, when and from where. Never the referral's data."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    referral_id = models.UUIDField(null=True, blank=True, db_index=True)
    recipient_id = models.UUIDField(null=True, blank=True)
    detail = models.CharField(max_length=40, blank=True, help_text=_("A status code, never free text."))
    ip = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


# --- Optional PII, encrypted, and releases (consent) ------------------------------------------------------


class PiiItem(models.TextChoices):
    NAME = "name", _("Name")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    ADDRESS = "address", _("Address")
    SAFE_CONTACT = "safe_contact", _("Safe-contact instructions")


class ReferralSecret(models.Model):
    """A referral's own data key, wrapped (encrypted) by a master key, and the PII encrypted under it.

    Destroying the wrapped key makes the PII unreadable for good ("crypto-shredding").
    """

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, primary_key=True, related_name="secret")
    wrapped_key = models.TextField(blank=True)
    master_key_id = models.CharField(max_length=16, blank=True, help_text=_("Which master key wraps it."))
    pii_ciphertext = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    shredded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"secret of {self.referral_id}"


class SignedBy(models.TextChoices):
    CLIENT = "client", _("The client")
    CLIENT_AND_GUARDIAN = "client_and_guardian", _("The client and a non-abusive parent or guardian")


class ReleaseMethod(models.TextChoices):
    WRITTEN = "written", _("Written, signed by hand")
    VERBAL_WITNESSED = "verbal-witnessed", _("Verbal, with a witness")
    ELECTRONIC = "electronic", _("Electronic signature")


class ReleaseEnd(models.TextChoices):
    REVOKED = "revoked", _("Revoked")
    PART_DECLINED = "part_declined", _("The organization declined the referral")
    PART_WITHDRAWN = "part_withdrawn", _("The referral was withdrawn from the organization")
    PART_EXPIRED = "part_expired", _("The referral expired unanswered")


class Release(models.Model):
    """The client's written permission to show named PII items to one receiving organization, until it expires
    or is revoked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="releases")
    organization = models.ForeignKey("directory.OrganizationPage", on_delete=models.PROTECT, related_name="+")
    items = models.JSONField(default=list)
    purpose = models.CharField(
        max_length=200, help_text=_("What the details may be used for. No names, phone numbers or addresses here.")
    )
    method = models.CharField(
        max_length=20, choices=ReleaseMethod.choices, blank=True, help_text=_("How the client's consent was obtained.")
    )
    signed_by = models.CharField(max_length=30, choices=SignedBy.choices)
    signed_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(
        max_length=20, choices=ReleaseEnd.choices, blank=True, help_text=_("Why the release ended before it expired.")
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"release {self.pk}"

    def is_in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.signed_at <= now < self.expires_at


# --- Operations (issue 16): their models live in referrals/operations/models.py ----------------------------

from .operations.models import (  # noqa: E402, F401
    Hold,
    JuvenileCheck,
    JuvenileStep,
    Operation,
    OperationAlert,
    OperationQuerySet,
    OperationStatus,
)
