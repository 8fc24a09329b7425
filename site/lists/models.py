"""Shared resource lists. A visitor's own list lives only in their browser (localStorage); a list is
stored here only when someone asks for a share link, and then holds nothing but service ids and dates."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

MAX_ITEMS = 50


def new_token() -> str:
    return secrets.token_urlsafe(12)


class SharedList(models.Model):
    """Service HSDS ids behind an unguessable link that expires (SHARED_LIST_DAYS, 30 by default)."""

    token = models.CharField(max_length=32, unique=True, default=new_token)
    service_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + timedelta(days=settings.SHARED_LIST_DAYS)
        super().save(*args, **kwargs)

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def __str__(self):
        return f"shared list {self.pk}"
