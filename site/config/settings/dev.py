"""Development on one laptop: SQLite, the embedded search backend, mail printed to the console."""

from .base import *  # noqa: F403
from .base import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# Without an SMTP server on the laptop, notifications are printed by the worker instead of sent.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
