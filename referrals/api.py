"""The referral JSON API (CONTRACT.md section 4 and issue 4). Plain Django views returning JsonResponse.

Callers authenticate with `Authorization: Bearer TOKEN` (CSRF-exempt) or a session (CSRF enforced on POST).
Errors are {"error": {"code", "message", "fields"}}: 400 bad input, 401 no credentials, 403 the role may not use
the endpoint, 404 an object the caller may not see (whether or not it exists).
"""

import json
import uuid
from functools import wraps

from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from directory.models import OrganizationPage

from . import access, audit, lifecycle, privacy
from .forms import ReferralFactsForm, error_fields
from .models import Recipient, RecipientStatus, ReferralStatus, Role
from .paging import page_of

ADVOCATES_AND_ADMINS = {Role.ADVOCATE, Role.COALITION_ADMIN}
EVERY_ROLE = set(Role.values)


def error(status: int, code: str, message: str, fields=None) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": str(message), "fields": fields or {}}},
                            status=status)
    add_never_cache_headers(response)
    return response


def ok(data, status=200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    add_never_cache_headers(response)  # Cache-Control: no-store on everything with referral data
    return response


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def api_view(methods: set[str], roles: set[str]):
    """Authenticate, check CSRF for session callers, check the role may use the endpoint at all."""

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return error(405, "method_not_allowed", _("Method not allowed."))
            header = request.headers.get("Authorization", "")
            if header:
                scheme, _sep, token = header.partition(" ")
                user = access.user_for_token(token.strip()) if scheme.lower() == "bearer" else None
                if user is None:
                    return error(401, "unauthenticated", _("The token is not valid."))
                request.user = user
            elif not request.user.is_authenticated:
                return error(401, "unauthenticated", _("Sign in or send a bearer token."))
            elif request.method not in ("GET", "HEAD", "OPTIONS"):
                check = _CsrfCheck(lambda r: None)
                check.process_request(request)
                if check.process_view(request, None, (), {}) is not None:
                    return error(403, "csrf_failed", _("The CSRF token is missing or wrong."))
            actor = access.actor_for(request.user)
            if actor is None or actor.role not in roles:
                return error(403, "forbidden", _("Your role may not use this endpoint."))
            request.actor = actor
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _body(request) -> dict | None:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


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
        "outcome": recipient.outcome or None,
        "sent_at": recipient.sent_at.isoformat(),
        "respond_by": recipient.respond_by.isoformat(),
    }
    if with_events:
        data["events"] = [
            {"from": e.from_status or None, "to": e.to_status, "role": e.actor_role, "reason": e.reason or None,
             "at": e.at.isoformat()}
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


def _visible_referral(actor, referral_id):
    return access.visible_referrals(actor).select_related("organization").filter(pk=referral_id).first()


NOT_FOUND = (404, "not_found", "No such referral.")


# --- Endpoints -------------------------------------------------------------------------------------------


@api_view({"POST"}, ADVOCATES_AND_ADMINS)
def match_view(request):
    from search.service import InvalidRequest, match

    data = _body(request)
    if data is None:
        return error(400, "invalid_json", _("The body must be a JSON object."))
    try:
        return ok(match(data))
    except InvalidRequest as invalid:
        return error(400, "invalid", _("The matching request is not valid."), getattr(invalid, "fields", {}))


@api_view({"GET", "POST"}, EVERY_ROLE)
def referrals_view(request):
    if request.method == "POST":
        return _create(request)
    actor = request.actor
    referrals = access.visible_referrals(actor).select_related("organization").prefetch_related("needs")
    status = request.GET.get("status", "")
    if status:
        if status in ReferralStatus.values:
            referrals = referrals.filter(status=status)
        elif status in RecipientStatus.values:
            mine = {"recipients__status": status}
            if actor.is_provider:
                mine["recipients__organization_id"] = actor.organization_id
            referrals = referrals.filter(**mine).distinct()
        else:
            choices = ", ".join(ReferralStatus.values + RecipientStatus.values)
            return error(400, "invalid", _("Unknown status."), {"status": _("Choose one of: %s") % choices})
    page = page_of(request, referrals, per_page=200)
    referrals = list(page.object_list)
    audit.record(request, actor, "referral.list", [r.pk for r in referrals], channel="api")
    return ok(
        {
            "results": [referral_json(r, access.visible_recipients(actor, r)) for r in referrals],
            "page": page.number,
            "pages": page.paginator.num_pages,
        }
    )


def _create(request):
    actor = request.actor
    if not actor.is_advocate:
        return error(403, "forbidden", _("Only advocates send referrals."))
    data = _body(request)
    if data is None:
        return error(400, "invalid_json", _("The body must be a JSON object."))
    client = data.get("client") or {}
    if not isinstance(client, dict):
        return error(400, "invalid", _("The referral is not valid."), {"client": _("Must be an object.")})
    facts = {key: client.get(key) for key in ("age", "gender", "languages", "trafficking_type", "postal_code")}
    facts.update(needs=data.get("needs"), urgent=bool(data.get("urgent")), note=data.get("note") or "")
    form = ReferralFactsForm(data={k: v for k, v in facts.items() if v not in (None, "")})
    fields = {} if form.is_valid() else error_fields(form)
    recipients = data.get("recipients")
    service_ids = _uuids(recipients) if isinstance(recipients, list) and all(isinstance(r, str) for r in recipients) \
        else None
    if not service_ids:
        fields["recipients"] = _("Give a list of one or more service ids.")
    if fields:
        return error(400, "invalid", _("The referral is not valid."), fields)
    try:
        referral = lifecycle.create_referral(
            actor.user, OrganizationPage.objects.get(pk=actor.organization_id),
            needs=form.cleaned_data["needs"], service_ids=service_ids,
            age=form.cleaned_data["age"], gender=form.cleaned_data["gender"],
            languages=form.cleaned_data["languages"], trafficking_type=form.cleaned_data["trafficking_type"],
            postal_code=form.cleaned_data["postal_code"], urgent=form.cleaned_data["urgent"],
            note=form.cleaned_data["note"],
        )
    except lifecycle.TransitionError as refused:
        return error(refused.http_status, refused.code, refused.message, refused.fields)
    audit.record(request, actor, "referral.create", [referral.pk], channel="api")
    recipients = referral.recipients.select_related("service", "organization")
    return ok({
        "id": str(referral.pk),
        "client_code": referral.client_code,
        "status": referral.status,
        "recipients": [
            {"id": str(r.pk), "service_id": str(r.service.hsds_id), "organization_id": str(r.organization.hsds_id),
             "status": r.status}
            for r in recipients
        ],
    }, status=201)


def _uuids(values) -> list[uuid.UUID] | None:
    try:
        return [uuid.UUID(value) for value in values]
    except ValueError:
        return None


@api_view({"GET"}, EVERY_ROLE)
def referral_detail_view(request, referral_id):
    actor = request.actor
    referral = _visible_referral(actor, referral_id)
    if referral is None:
        return error(*NOT_FOUND)
    for recipient in access.visible_recipients(actor, referral):
        lifecycle.mark_viewed(recipient, actor)
    audit.record(request, actor, "referral.read", [referral.pk], channel="api")
    data = referral_json(referral, access.visible_recipients(actor, referral), with_events=True)
    data["pii"] = privacy.visible_pii(referral, actor)
    if data["pii"]:
        audit.record(request, actor, "pii.read", [referral.pk], detail=",".join(sorted(data["pii"])), channel="api")
    data["releases"] = [privacy.release_json(r) for r in privacy.visible_releases(referral, actor)]
    return ok(data)


def _own_referral(request, referral_id):
    """The referral, when the caller is its referring advocate (who alone handles the client's details)."""
    referral = _visible_referral(request.actor, referral_id)
    return referral if referral is not None and referral.advocate_id == request.user.pk else None


@api_view({"POST"}, {Role.ADVOCATE})
def pii_view(request, referral_id):
    referral = _own_referral(request, referral_id)
    if referral is None:
        return error(*NOT_FOUND)
    data = _body(request)
    if data is None:
        return error(400, "invalid_json", _("The body must be a JSON object."))
    try:
        stored = privacy.save_pii(referral, data)
    except lifecycle.TransitionError as refused:
        return error(refused.http_status, refused.code, refused.message, refused.fields)
    audit.record(request, request.actor, "pii.write", [referral.pk], detail=",".join(sorted(stored)), channel="api")
    return ok({"pii": stored or None})


@api_view({"POST"}, {Role.ADVOCATE})
def releases_view(request, referral_id):
    referral = _own_referral(request, referral_id)
    if referral is None:
        return error(*NOT_FOUND)
    data = _body(request)
    if data is None:
        return error(400, "invalid_json", _("The body must be a JSON object."))
    try:
        release = privacy.create_release(referral, request.user, data)
    except lifecycle.TransitionError as refused:
        return error(refused.http_status, refused.code, refused.message, refused.fields)
    audit.record(request, request.actor, "release.create", [referral.pk], detail=str(release.pk)[:36],
                 channel="api")
    return ok(privacy.release_json(release), status=201)


@api_view({"POST"}, {Role.ADVOCATE})
def release_revoke_view(request, referral_id, release_id):
    referral = _own_referral(request, referral_id)
    release = referral and referral.releases.select_related("organization").filter(pk=release_id).first()
    if not release:
        return error(*NOT_FOUND)
    release = privacy.revoke_release(release, request.user)
    audit.record(request, request.actor, "release.revoke", [referral.pk], detail=str(release.pk)[:36],
                 channel="api")
    return ok(privacy.release_json(release))


@api_view({"POST"}, {Role.ADVOCATE, Role.PROVIDER})
def transition_view(request, referral_id, recipient_id):
    actor = request.actor
    referral = _visible_referral(actor, referral_id)
    recipient = referral and access.visible_recipients(actor, referral).filter(pk=recipient_id).first()
    if not recipient:
        return error(*NOT_FOUND)
    data = _body(request)
    if data is None:
        return error(400, "invalid_json", _("The body must be a JSON object."))
    to = data.get("to")
    if to not in {"viewed", "accepted", "declined", "info_requested", "completed", "withdrawn"}:
        return error(400, "invalid", _("Unknown status."), {"to": _("Choose one of: viewed, accepted, declined, "
                                                                  "info_requested, completed, withdrawn.")})
    try:
        recipient = lifecycle.transition(recipient.pk, to, actor, reason=str(data.get("reason") or ""),
                                         outcome=str(data.get("outcome") or ""))
    except lifecycle.TransitionError as refused:
        audit.record(request, actor, "recipient.transition_refused", [referral.pk], recipient.pk, to, "api")
        return error(refused.http_status, refused.code, refused.message, refused.fields)
    audit.record(request, actor, "recipient.transition", [referral.pk], recipient.pk, to, "api")
    return ok(recipient_json(Recipient.objects.select_related("service", "organization").get(pk=recipient.pk),
                             with_events=True))
