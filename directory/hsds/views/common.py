"""What every endpoint of the HSDS API shares: the view wrapper (GET only, JSON errors, ETag, short public
caching, none for what someone typed), the query parameters every list takes, and the OpenAPI document's paging
envelope."""

import json
import math
from datetime import datetime, time

from django.http import HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import decorator_from_middleware
from django.utils.timezone import get_current_timezone, is_naive, make_aware
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from directory.http import (
    HSDS_TYPED_PARAMETERS,
    BadInput,
    bool_param,
    carries_typed_input,
    error_response,
    int_param,
    parse_uuid,
)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
METERS_PER_MILE = 1609.344

conditional = decorator_from_middleware(ConditionalGetMiddleware)


class BadRequest(BadInput):
    """A query parameter the API cannot use: 400 in the one error envelope (directory.http)."""

    def __init__(self, field: str, message: str):
        super().__init__("invalid", message, {field: message})


def api_view(view):
    """GET and HEAD only (405 otherwise), JSON errors, an ETag, and a short public cache lifetime; no-store for
    an answer to what someone typed into a partner's site (directory.http.HSDS_TYPED_PARAMETERS), which no
    cache keeps: ours (directory/hsds/cache.py, whose key would give a ZIP code back to whoever tries them
    all), a proxy's or a browser's."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadInput as error:
            return error_response(error.status, error.code, error.message, error.fields)

    shared = cache_control(public=True, max_age=60)(conditional(wrapped))
    private = never_cache(conditional(wrapped))

    def answer(request, *args, **kwargs):
        typed = carries_typed_input(request.GET, HSDS_TYPED_PARAMETERS)
        return (private if typed else shared)(request, *args, **kwargs)

    answer.__name__ = view.__name__
    answer.__doc__ = view.__doc__
    return require_safe(answer)


def not_found(kind: str) -> JsonResponse:
    return error_response(404, "not_found", f"No published {kind} has this id.")


def int_query(request, name: str, default: int, minimum: int = 1) -> int:
    return int_param(request.GET, name, default, minimum=minimum)


def bool_query(request, name: str) -> bool:
    return bool_param(request.GET, name)


def modified_after(request) -> datetime | None:
    raw = (request.GET.get("modified_after") or "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace("Z", "+00:00")) or None
        if moment is None and (day := parse_date(raw)):
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest("modified_after", "'modified_after' must be an ISO 8601 date or date-time.")
    return make_aware(moment, get_current_timezone()) if is_naive(moment) else moment


def response_format(request) -> str:
    fmt = (request.GET.get("format") or "json").strip().lower()
    if fmt not in ("json", "ndjson"):
        raise BadRequest("format", "'format' must be json or ndjson.")
    return fmt


def paginate(request, items: list, render) -> HttpResponse:
    """The OpenAPI document's paging envelope around `render(item)` for one page of `items`."""
    fmt = response_format(request)
    if fmt == "ndjson":  # the whole result, one object per line, without paging
        lines = "".join(json.dumps(render(item)) + "\n" for item in items)
        return HttpResponse(lines, content_type="application/x-ndjson")
    page = int_query(request, "page", 1)
    per_page = min(int_query(request, "per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE)
    total = len(items)
    total_pages = max(1, math.ceil(total / per_page))
    chosen = items[(page - 1) * per_page : page * per_page]
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(chosen),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not chosen,
            "contents": [render(item) for item in chosen],
        }
    )


def as_uuid(value: str) -> str | None:
    parsed = parse_uuid(value)
    return str(parsed) if parsed else None
