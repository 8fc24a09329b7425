"""Test settings: tasks run at once, fast hashing, local-memory caches (base.py), mail to a loopback SMTP server."""

from .base import *  # noqa: F403
from .base import env_str

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SMS_BACKEND = "lists.sms.LocmemSMSBackend"
# The anonymous page cache is off in tests, except in those that switch it on (tests/site/test_page_cache.py).
PAGE_CACHE_SECONDS = 0
HSDS_FULL_CACHE_SECONDS = 0
# Each test has its own vocabularies, rolled back without a signal: no process copy outlives one.
TERM_MEMO_SECONDS = 0
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Each test run gets its own index names so parallel runs never share an index.
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "test-coalition")
