"""gunicorn loads the application once in its master and forks the workers from it (and a new worker each
time one is recycled). What the application loads at that point is shared; what it leaves for the first
request is paid again by every worker: it was about half a second, on any page, even a cached one."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import config.wsgi
from django.db import connections
from django.template import engines
from django.utils.translation import trans_real

loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "urls_loaded": "config.urls" in sys.modules and "wagtail.admin.urls" in sys.modules,
    "templates": sorted(loader.get_template_cache),
    "catalogs": sorted(trans_real._translations),
    "database_connections": [alias for alias in connections if connections[alias].connection is not None],
}))
"""


def loaded_by_the_master() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_wsgi_module_loads_what_every_worker_needs_before_the_fork():
    loaded = loaded_by_the_master()
    assert loaded["urls_loaded"]
    for template in ("base.html", "search/search.html", "directory/service_page.html", "home/home_page.html"):
        assert template in loaded["templates"]
    assert {"en", "es"} <= set(loaded["catalogs"])


def test_it_opens_no_database_connection_that_the_workers_would_share():
    assert loaded_by_the_master()["database_connections"] == []
