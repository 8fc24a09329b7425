"""The referral JSON API (CONTRACT.md section 4 and issue 4): a thin adapter over referrals.actions.

Callers authenticate with `Authorization: Bearer TOKEN` (CSRF-exempt) or a session (CSRF enforced on POST).
Errors are {"error": {"code", "message", "fields"}}: 400 bad input, 401 no credentials, 403 the role may not use
the endpoint, 404 an object the caller may not see (whether or not it exists), 409 a lost race, 413 a body
that is too large. The mapping from the domain's error codes to HTTP statuses lives here and only here.
"""

from functools import wraps

from django.contrib.auth import logout
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from directory.http import BadInput, error_response, read_json

from . import access, actions, policy, privacy
from .errors import ReferralError
from .models import Recipient, Role

ADVOCATES_AND_ADMINS = {Role.ADVOCATE, Role.COALITION_ADMIN}
EVERY_ROLE = set(Role.values)
MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 6

# The one place where the domain's error codes become HTTP statuses (anything else is 400).
STATUS_FOR_CODE = {
    "not_found": 404,
    "forbidden": 403,
    "conflict": 409,
    "busy": 409,
    "filled": 409,
    "pii_unavailable": 503,
}


def error(status: int, code: str, message, fields=None) -> JsonResponse:
    response = error_response(status, code, message, fields)
    add_never_cache_headers(response)
    return response


def refused(problem: ReferralError) -> JsonResponse:
    return error(STATUS_FOR_CODE.get(problem.code, 400), problem.code, problem.message, problem.fields)


def ok(data, status=200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    add_never_cache_headers(response)  # Cache-Control: no-store on everything with referral data
    return response


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def api_view(methods: set[str], roles: set[str]):
    """Authenticate, check CSRF for session callers, check the role may use the endpoint at all; then run the
    view with `request.caller` and turn a refused action or unusable input into the error envelope."""

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return error(405, "method_not_allowed", _("Method not allowed."))
            if "Authorization" in request.headers:
                # Present means a token call, even when empty or malformed: never fall back to the session.
                user = access.user_for_header(request.headers["Authorization"])
                if user is None:
                    return error(401, "unauthenticated", _("The token is not valid."))
                request.user = user
            elif not request.user.is_authenticated:
                return error(401, "unauthenticated", _("Sign in or send a bearer token."))
            else:
                refusal = _session_refusal(request)
                if refusal is not None:
                    return refusal
                if request.method not in ("GET", "HEAD", "OPTIONS"):
                    check = _CsrfCheck(lambda r: None)
                    check.process_request(request)
                    if check.process_view(request, None, (), {}) is not None:
                        return error(403, "csrf_failed", _("The CSRF token is missing or wrong."))
            actor = access.actor_for(request.user)
            if actor is None or actor.role not in roles:
                return error(403, "forbidden", _("Your role may not use this endpoint."))
            request.actor = actor
            request.caller = actions.Caller.from_request(request, actor, "api")
            try:
                return view(request, *args, **kwargs)
            except ReferralError as problem:
                return refused(problem)
            except BadInput as problem:
                return error(problem.status, problem.code, problem.message, problem.fields)

        return wrapper

    return decorator


def _session_refusal(request) -> JsonResponse | None:
    """The API applies the sign-in policy to its session callers itself: an idle or too old session ends
    here, and a session that still owes a second factor reaches no referral data."""
    refusal = policy.session_refusal(request)
    if refusal == "session_expired":
        logout(request)
        return error(401, "session_expired", _("Your session has ended. Sign in again."))
    if refusal == "second_factor_required":
        return error(401, "second_factor_required", _("Finish signing in with your authenticator app first."))
    return None


def body(request) -> dict:
    """The request's JSON object, bounded in size and depth (BadInput otherwise)."""
    return read_json(request, max_bytes=MAX_BODY_BYTES, max_depth=MAX_DEPTH)


# --- Serialisation ---------------------------------------------------------------------------------------


def recipient_json(recipient: Recipient, with_events=False) -> dict:
    data = {
        "id": str(recipient.pk),
        "service_id": str(recipient.service.hsds_id),
        "service_name": recipient.service.title,
        "organization_id": str(recipient.organization.hsds_id),
        "organization_name": recipient.organization.title,
        "status": recipient.status,
        "decline_reason": recipient.decline_reason or None,
        "withdraw_reason": recipient.withdraw_reason or None,
        "reason": recipient.decline_reason or recipient.withdraw_reason or None,
        "outcome": recipient.outcome or None,
        "sent_at": recipient.sent_at.isoformat(),
        "respond_by": recipient.respond_by.isoformat(),
    }
    if with_events:
        data["events"] = [
            {
                "from": e.from_status or None,
                "to": e.to_status,
                "role": e.actor_role,
                "reason": e.reason or None,
                "at": e.at.isoformat(),
            }
            for e in recipient.events.all()
        ]
    return data


def referral_json(referral, recipients, with_events=False) -> dict:
    return {
        "id": str(referral.pk),
        "client_code": referral.client_code,
        "status": referral.status,
        "created_at": referral.created_at.isoformat(),
        "urgent": referral.urgent,
        "client": {
            "age": referral.age,
            "gender": referral.gender or None,
            "languages": referral.languages,
            "trafficking_type": referral.trafficking_type or None,
            "postal_code": referral.postal_code or None,
        },
        "needs": sorted(n.code for n in referral.needs.all()),
        "note": referral.note,
        "referring_organization_id": str(referral.organization.hsds_id),
        "recipients": [recipient_json(r, with_events) for r in recipients],
    }


# --- Endpoints -------------------------------------------------------------------------------------------


@api_view({"POST"}, ADVOCATES_AND_ADMINS)
def match_view(request):
    return ok(actions.match(request.caller, body(request)))


@api_view({"GET", "POST"}, EVERY_ROLE)
def referrals_view(request):
    if request.method == "POST":
        return _create(request)
    page = actions.list_referrals(request.caller, request.GET.get("status", ""), request.GET.get("page"), per_page=200)
    return ok(
        {
            "results": [referral_json(r, r.visible_recipients) for r in page.object_list],
            "page": page.number,
            "pages": page.paginator.num_pages,
        }
    )


def _create(request):
    if not request.actor.is_advocate:
        return error(403, "forbidden", _("Only advocates send referrals."))
    data = body(request)
    client = data.get("client") or {}
    if not isinstance(client, dict):
        return error(400, "invalid", _("The referral is not valid."), {"client": _("Must be an object.")})
    facts = {key: client.get(key) for key in ("age", "gender", "languages", "trafficking_type", "postal_code")}
    facts.update(needs=data.get("needs"), urgent=bool(data.get("urgent")), note=data.get("note") or "")
    referral = actions.create_referral(request.caller, facts, data.get("recipients"), data.get("overrides"))
    recipients = referral.recipients.select_related("service", "organization")
    return ok(
        {
            "id": str(referral.pk),
            "client_code": referral.client_code,
            "status": referral.status,
            "recipients": [
                {
                    "id": str(r.pk),
                    "service_id": str(r.service.hsds_id),
                    "organization_id": str(r.organization.hsds_id),
                    "status": r.status,
                }
                for r in recipients
            ],
        },
        status=201,
    )


@api_view({"GET"}, EVERY_ROLE)
def referral_detail_view(request, referral_id):
    seen = actions.read_referral(request.caller, referral_id)
    data = referral_json(seen.referral, seen.recipients, with_events=True)
    data["pii"] = seen.pii
    data["releases"] = [privacy.release_json(r) for r in seen.releases]
    return ok(data)


@api_view({"POST"}, {Role.ADVOCATE})
def pii_view(request, referral_id):
    stored = actions.save_client_details(request.caller, referral_id, body(request))
    return ok({"pii": stored or None})


@api_view({"POST"}, {Role.ADVOCATE})
def releases_view(request, referral_id):
    release = actions.add_release(request.caller, referral_id, body(request))
    return ok(privacy.release_json(release), status=201)


@api_view({"POST"}, {Role.ADVOCATE})
def release_revoke_view(request, referral_id, release_id):
    return ok(privacy.release_json(actions.revoke_release(request.caller, referral_id, release_id)))


@api_view({"POST"}, {Role.ADVOCATE, Role.PROVIDER})
def transition_view(request, referral_id, recipient_id):
    data = body(request)
    recipient = actions.transition(
        request.caller,
        recipient_id,
        data.get("to"),
        referral_id=referral_id,
        reason=data.get("reason"),
        outcome=data.get("outcome"),
    )
    return ok(
        recipient_json(
            Recipient.objects.select_related("service", "organization").get(pk=recipient.pk), with_events=True
        )
    )
