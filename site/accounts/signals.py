from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver

from .sessions import end_all_sessions, stamp_login


@receiver(user_logged_in, dispatch_uid="accounts_stamp_login")
def record_sign_in_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        stamp_login(request.session)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts_end_sessions_on_deactivation")
def end_sessions_of_deactivated_user(sender, instance, created, **kwargs):
    """A deactivated account is signed out everywhere at once, not at its sessions' next request."""
    if not created and not instance.is_active:
        end_all_sessions(instance)
