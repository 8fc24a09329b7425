"""The 500 handler: a database that cannot be reached (restarting, failing over) is a 503 the client may
retry, as a short page or, under /api/, the API's JSON error, never a traceback. Anything else is Django's
plain 500. Nothing here touches the database or names the request's data."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as plain_server_error

RETRY_AFTER_SECONDS = "5"


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
