"""Production settings pass Django's deployment checklist, and refuse to start without their essentials."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = (
    "import django; django.setup();"
    "from django.core.management import call_command;"
    "call_command('check', deploy=True, fail_level='WARNING');"
    "from django.conf import settings;"
    "print('REQUIRE_MFA', settings.REQUIRE_MFA, 'SSL', settings.SECURE_SSL_REDIRECT,"
    " 'HSTS', settings.SECURE_HSTS_SECONDS)"
)


def _run(code: str = CHECK, **env_overrides):
    # A production environment as an operator would have it: none of the test run's switches leak in.
    leaking = {"DEBUG", "REQUIRE_MFA", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in leaking}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="directory.example.org",
        DATABASE_URL="postgres://coalition:secret@127.0.0.1:5432/coalition",
        PYTHONPATH=f"{ROOT}{os.pathsep}{ROOT / 'site'}",
    )
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_mfa_on_and_https_enforced():
    result = _run()
    assert result.returncode == 0, result.stderr[-2000:]
    assert "REQUIRE_MFA True SSL True HSTS 31536000" in result.stdout


def test_production_refuses_sqlite():
    result = _run(DATABASE_URL="sqlite:///tmp/coalition.db")
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
