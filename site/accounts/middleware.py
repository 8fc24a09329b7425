"""Middleware for signed-in users: session limits, the second-factor gate, no-store, and the admin's CSP."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from referrals.policy import must_verify

from . import sessions
from .policy import second_factor_url


def _signed_in(request) -> bool:
    """Whether a user is signed in, without opening the session when there is no session cookie: opening
    it would add `Vary: Cookie` to every anonymous public page and spoil caching them."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _has_bearer_credentials(request) -> bool:
    """An API call carrying a bearer token, which the API checks itself (token only, never the session).
    Only under /api/, and only `Bearer <token>`: an empty or malformed header does not let a session past the
    limits and the second-factor gate (the API also refuses it with 401)."""
    if not _is_api(request):
        return False
    scheme, _sep, token = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


def _is_asset(request) -> bool:
    prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)
    return request.path_info.startswith(prefixes) or request.path_info == "/favicon.ico"


def json_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


class SessionTimeoutMiddleware:
    """Signs a user out after SESSION_IDLE_TIMEOUT seconds without a request, or SESSION_ABSOLUTE_TIMEOUT
    seconds after signing in, whichever comes first. The session is flushed on the server."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in(request) and not _has_bearer_credentials(request):
            if sessions.expired(request.session):
                logout(request)
                if _is_api(request):
                    return json_error("session_expired", _("Your session has ended. Sign in again."), 401)
                messages.info(request, _("You were signed out to keep this account safe. Please sign in again."))
                return redirect_to_login(request.get_full_path(), reverse("login"))
            sessions.touch(request.session)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Sends a signed-in user who still owes a second factor to enrolment or verification.

    Only the second-factor pages, sign-out, sign-in and static files stay open to them; session calls to
    the JSON API get a 401. Requests with an Authorization header are the API's business and pass.
    """

    OPEN_PAGES = ("mfa_setup", "mfa_verify", "logout", "login")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            _signed_in(request)
            and not _has_bearer_credentials(request)
            and not _is_asset(request)
            # Reversed per request: the pages live under /es/ too, and reverse() follows the active language.
            and not request.path_info.startswith(tuple(reverse(name) for name in self.OPEN_PAGES))
            and must_verify(request.user)
        ):
            if _is_api(request):
                return json_error(
                    "second_factor_required", _("Finish signing in with your authenticator app first."), 401
                )
            return redirect(second_factor_url(request.user, request.get_full_path()))
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Any response to a signed-in user may show referral data: keep it out of every cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in(request) and not _is_asset(request):
            # Replace, not merge: a view's "public, max-age" must not survive next to "private".
            del response["Cache-Control"]
            add_never_cache_headers(response)
        return response


class AdminContentSecurityPolicyMiddleware:
    """Scopes the exceptions Wagtail's admin needs to /admin/, leaving the site's own policy strict.

    Wagtail 8's admin writes inline <script> elements (date and time pickers, inline panels such as a
    service's opening hours), so there, and only there, script-src and style-src allow inline code (see
    ADMIN_CSP_REPLACE). Its live preview frames admin URLs from the admin itself, so frame-ancestors becomes
    'self' where Wagtail asks for X-Frame-Options: SAMEORIGIN.
    Sits after csp.middleware.CSPMiddleware so it runs first on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.ADMIN_CSP_PREFIX):
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace.update(settings.ADMIN_CSP_REPLACE)
            if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
                replace["frame-ancestors"] = ["'self'"]
            response._csp_replace = replace
        return response
