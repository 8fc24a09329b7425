"""Production: PostgreSQL from DATABASE_URL, Elasticsearch from ELASTICSEARCH_URL, secrets required."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
