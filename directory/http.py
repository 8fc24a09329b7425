"""The HTTP toolkit every JSON endpoint shares: one error envelope, one UUID parser, one integer and boolean
query-parameter parser, and one JSON body reader bounded in size and nesting depth.

It sits at the bottom of the stack (directory) so the HSDS API, search and referrals can all use it without an
upward import. It knows nothing about referrals, roles or caching: callers add those.
"""

import ipaddress
import json
import uuid
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _

# A referral body is a few hundred bytes; nothing a client legitimately sends comes near these.
DEFAULT_MAX_BODY_BYTES = 64 * 1024
DEFAULT_MAX_DEPTH = 8


class BadInput(ValueError):
    """Input the endpoint cannot use. `status` is 400, or 413 for a body that is too large."""

    def __init__(self, code: str, message, fields=None, status: int = 400):
        super().__init__(str(message))
        self.code, self.message, self.fields, self.status = code, str(message), dict(fields or {}), status


def error_response(status: int, code: str, message, fields=None) -> JsonResponse:
    """The one error envelope: {"error": {"code", "message", "fields"}}, `fields` always present."""
    fields = {str(k): str(v) for k, v in (fields or {}).items()}
    return JsonResponse({"error": {"code": code, "message": str(message), "fields": fields}}, status=status)


def bad_input_response(problem: BadInput) -> JsonResponse:
    return error_response(problem.status, problem.code, problem.message, problem.fields)


# --- The client's address ---------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The address of the client behind any trusted proxies, for rate limits, lockouts and the audit trail.

    X-Forwarded-For is read only when the request came from a proxy listed in TRUSTED_PROXIES (addresses or
    networks; none by default), and then from the right: each trusted hop is skipped and the first address
    that is not a trusted proxy is the client. Whatever a client writes at the left of the header is never
    taken while a hop nearer to us is untrusted. A hop that is not an IP address ends the walk at the
    nearest proxy's address, so garbage cannot pick the key.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    nearest = remote
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return nearest
        if not _trusted(hop, networks):
            return hop
        nearest = hop
    return nearest


# --- Values ----------------------------------------------------------------------------------------------


def parse_uuid(value) -> uuid.UUID | None:
    """A UUID from a string, or None for anything else (wrong type, wrong shape)."""
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def parse_uuids(values) -> list[uuid.UUID] | None:
    """A list of UUIDs from a list of strings, or None when it is not a list or any item is not a UUID."""
    if not isinstance(values, list | tuple):
        return None
    parsed = [parse_uuid(value) for value in values]
    return None if any(p is None for p in parsed) else parsed


def int_param(
    params, name: str, default: int | None = None, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """An integer query parameter (`params` is request.GET or any mapping), `default` when absent or empty."""
    raw = params.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise BadInput("invalid", _("'%s' must be a whole number.") % name, {name: _("Give a whole number.")}) from None
    if minimum is not None and value < minimum:
        raise BadInput(
            "invalid",
            _("'%(name)s' must be at least %(min)d.") % {"name": name, "min": minimum},
            {name: _("Give at least %d.") % minimum},
        )
    if maximum is not None and value > maximum:
        raise BadInput(
            "invalid",
            _("'%(name)s' must be at most %(max)d.") % {"name": name, "max": maximum},
            {name: _("Give at most %d.") % maximum},
        )
    return value


TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off", "")


def bool_param(params, name: str, default: bool = False) -> bool:
    """A boolean query parameter: true/1/yes/on or false/0/no/off; `default` when absent."""
    raw = params.get(name)
    if raw is None:
        return default
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise BadInput("invalid", _("'%s' must be true or false.") % name, {name: _("Give true or false.")})


# --- What someone typed -----------------------------------------------------------------------------------
# The query parameters that carry what a person typed: words and a ZIP code on the public pages (the search
# page, a need listing sorted by distance); words, a ZIP code and a distance around it in the HSDS API, typed
# into a partner's site. An answer that shows them is kept by no cache: ours, a proxy's or a browser's.
PAGE_TYPED_PARAMETERS = ("q", "zip")
HSDS_TYPED_PARAMETERS = ("search", "postcode", "proximity")


def carries_typed_input(params, names=PAGE_TYPED_PARAMETERS) -> bool:
    """Whether these query parameters (request.GET) hold something typed, under any of `names`."""
    return any(str(params.get(name) or "").strip() for name in names)


# --- JSON bodies -----------------------------------------------------------------------------------------


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, counted without parsing it (so a hostile
    body cannot exhaust the parser's recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def read_json(
    request,
    *,
    max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    empty=None,
    want_object: bool = True,
):
    """The request's JSON body. An empty body gives `empty` (default: {} when an object is wanted).

    Raises BadInput: 413 `too_large` past `max_bytes`; 400 `invalid_json` for text that is not JSON, nests
    deeper than `max_depth`, or (with `want_object`) is not a JSON object.
    """
    too_large = BadInput("too_large", _("The body is too large."), status=413)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise too_large
    try:
        raw = request.body
    except RequestDataTooBig:
        raise too_large from None
    if len(raw) > max_bytes:
        raise too_large
    not_object = BadInput("invalid_json", _("The body must be a JSON object."))
    if not raw.strip():
        return ({} if want_object else None) if empty is None else empty
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise not_object from None
    if json_depth(text) > max_depth:
        raise BadInput("invalid_json", _("The body nests too deeply."))
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise not_object from None
    if want_object and not isinstance(data, dict):
        raise not_object
    return data
