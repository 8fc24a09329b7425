"""People and roles; the referral workflow's models build on these."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
