from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

# A Monday morning in the site's time zone: the clock every "open now" test passes in.
MONDAY_10AM = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def backend_name(request, settings, site_tree):
    """Runs a behaviour test once per backend: the suite is written once and must hold for both."""
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise():
    """A request under /es/ leaves Spanish active in this thread; start every test from the default language."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
