"""Test settings for mutation runs: a file test database kept between runs (--reuse-db), so each mutant's
pytest run connects instead of migrating afresh."""

import os

from config.settings.test import *  # noqa: F403

DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.getcwd(), "mutation-test.sqlite3")}  # noqa: F405
