"""make loadtest works end to end (a smoke run of a few seconds). A benchmark, not a test of speed.

Slow (it migrates a scratch PostgreSQL database and loads the demo data), so it runs only when asked:
LOADTEST_SMOKE=1 (CI runs it once). Needs wrk and a PostgreSQL login that may create databases
(LOADTEST_ADMIN_URL, or DATABASE_URL's server).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_make_loadtest_prints_a_table_against_the_floor():
    if os.environ.get("LOADTEST_SMOKE") != "1":
        pytest.skip("the load-test smoke run is slow: set LOADTEST_SMOKE=1 to run it")
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed")
    env = {**os.environ, "LOADTEST_SECONDS": "2", "LOADTEST_CONNECTIONS": "4"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("LOADTEST_PAGES", None)  # the whole table
    result = subprocess.run(
        ["make", "--no-print-directory", "loadtest"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-2000:]
    print(result.stdout)  # the table, for CI's log (run with -s)
    rows = {
        m.group(1).strip(): m.groups()[1:]
        for m in re.finditer(
            r"^\| ([^|]+) \| (\d+) \| ([\d.]+) ms \| ([\d.]+) ms \| (\d+) \| ([\d.]+)% \|$", result.stdout, re.M
        )
    }
    assert rows["plain WSGI floor"][-1] == "100.0"
    for page in (
        "home (cached)",
        "service (cached)",
        "search, a new query each time (uncached)",
        "/api/hsds/services (cached until a publish)",
        "/api/hsds/services, a new query each time (uncached)",
    ):
        requests_per_second, _p50, _p99, errors, _ratio = rows[page]
        assert int(requests_per_second) > 0 and errors == "0", (page, rows[page])
