"""The 404 and 500 handlers.

404: under /api/, the API's JSON error; elsewhere the site's page (templates/404.html) in the visitor's
language, which names nothing of the address asked for (a shared list's token, typed words in the query):
its language links lead to the home pages, and it is sent no-store.

500: a database that cannot be reached (restarting, failing over) is a 503 the client may retry, as a short page
or, under /api/, the API's JSON error, never a traceback. Anything else is Django's plain 500. Nothing here
touches the database or names the request's data."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.defaults import server_error as plain_server_error

from directory.http import error_response

RETRY_AFTER_SECONDS = "5"


def _home(language: str) -> str:
    with translation.override(language):
        return reverse("wagtail_serve", args=[""])


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return error_response(404, "not_found", "There is nothing at this address of the API.")
    response = render(request, "404.html", {"english_url": _home("en"), "spanish_url": _home("es")}, status=404)
    add_never_cache_headers(response)
    return response


def server_error(request, *args, **kwargs):
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return plain_server_error(request, *args, **kwargs)
    message = _("The service is briefly unavailable. Please try again in a few seconds.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"code": "unavailable", "message": message, "fields": {}}}, status=503)
    else:
        response = HttpResponse(
            render_to_string("503.html", {"message": message, "quick_exit_url": settings.QUICK_EXIT_URL}), status=503
        )
    response["Retry-After"] = RETRY_AFTER_SECONDS
    response["Cache-Control"] = "no-store"
    return response
