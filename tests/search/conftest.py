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
