"""Security headers on every page; no-store for signed-in users; a looser CSP only inside the admin."""

import re

import pytest
from django.test import Client

from .conftest import sign_in


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("path", ["/", "/es/", "/accounts/login/"])
def test_public_pages_send_a_strict_csp_and_refuse_framing_and_referrers(client, site_tree, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["default-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_pages_carry_no_inline_script(client, site_tree):
    html = client.get("/").content.decode()
    inline = [m for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", html) if "json" not in m.group(0)]
    assert inline == []


def test_anonymous_public_pages_may_be_cached_but_signed_in_pages_may_not(client, site_tree, plain_user):
    anonymous = client.get("/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    # The session checks do not open a session for visitors without one, so caches can share the page.
    assert "Cookie" not in anonymous.get("Vary", "")
    sign_in(client, "neighbour")
    response = client.get("/")
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_admin_alone_allows_the_inline_code_wagtail_needs(client, coalition_admin):
    sign_in(client, "coadmin")
    admin = client.get("/admin/")
    assert admin.status_code == 200
    csp = _directives(admin["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "no-store" in admin["Cache-Control"]
    # Back on the public site the policy is strict again, for the same signed-in user.
    public = _directives(client.get("/accounts/login/")["Content-Security-Policy"])
    assert public["script-src"] == ["'self'"]


def test_admin_preview_may_be_framed_by_the_admin_only(client, coalition_admin, site_tree):
    from wagtail.models import Page

    sign_in(client, "coadmin")
    home = Page.objects.get(depth=2)
    preview = client.get(f"/admin/pages/{home.pk}/edit/preview/?mode=")
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert _directives(preview["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


def test_site_forms_work_under_no_referrer_which_makes_browsers_send_origin_null(advocate):
    """Browsers send `Origin: null` and no Referer with same-site form posts under no-referrer."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    form = {"username": "advocate1", "password": "correct-horse-battery-staple", "csrfmiddlewaretoken": token}

    forged = browser.post("/accounts/login/", form, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site")
    assert forged.status_code == 403
    same_site = browser.post("/accounts/login/", form, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert same_site.status_code == 302
    # The token is still required.
    browser.post(
        "/accounts/logout/",
        {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    no_token = browser.post(
        "/accounts/login/",
        {**form, "csrfmiddlewaretoken": "x" * 32},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert no_token.status_code == 403
