"""The referral screens: advocates send and follow referrals, providers answer them, coalition admins watch the
numbers. Every view needs a login, checks the role and the object, audits what it shows, and is never cached."""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directory.models import OrganizationPage, ServicePage

from . import access, audit, cards, lifecycle, privacy, sending, stats
from .forms import ClientDetailsForm, CompleteForm, DeclineForm, ReferralFactsForm, ReleaseForm
from .models import AuditEvent, PiiItem, Recipient, RecipientStatus, Role


def member_view(*roles):
    """Login required; 403 when the member's role may not use the page; the actor on request.actor."""

    def decorator(view):
        @never_cache
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            actor = access.actor_for(request.user)
            if actor is None or actor.role not in roles:
                raise PermissionDenied
            request.actor = actor
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@member_view(*Role.values)
def home(request):
    target = {Role.ADVOCATE: "referrals:mine", Role.PROVIDER: "referrals:inbox",
              Role.COALITION_ADMIN: "referrals:dashboard"}[request.actor.role]
    return redirect(target)


# --- Advocates -------------------------------------------------------------------------------------------


@member_view(Role.ADVOCATE)
def new_referral(request):
    """Facts, matches and sending on one phone-first page. Sending re-checks each chosen service (sending.py)."""
    from search.service import InvalidRequest, match

    form = ReferralFactsForm(request.POST or None)
    results, chosen, notice, refusals = None, request.POST.getlist("services"), "", {}
    service_ids = _uuids(chosen)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "send":
            if not service_ids:
                messages.error(request, _("Choose at least one service."))
            else:
                overrides = {sid: request.POST.get(f"override_reason_{sid}", "")
                             for sid in request.POST.getlist("override")}
                checked = sending.check_chosen(form.match_request(), service_ids, overrides)
                refusals = checked.refusals
                if not checked.ok:
                    messages.error(request, _("Some chosen services no longer fit. Look at them below."))
                else:
                    try:
                        referral = lifecycle.create_referral(
                            request.user, OrganizationPage.objects.get(pk=request.actor.organization_id),
                            needs=form.cleaned_data["needs"], service_ids=service_ids,
                            **{k: form.cleaned_data[k] for k in ("age", "gender", "languages", "trafficking_type",
                                                                 "postal_code", "urgent", "note")},
                        )
                    except lifecycle.TransitionError:
                        messages.error(request, _("Some services chosen cannot receive referrals now; search again."))
                    else:
                        audit.record(request, request.actor, "referral.create", [referral.pk], channel="web")
                        for recipient in referral.recipients.select_related("service"):
                            override = checked.overridden.get(str(recipient.service.hsds_id))
                            if override:
                                audit.record(request, request.actor, "recipient.override", [referral.pk],
                                             recipient.pk, sending.audit_detail(*override), channel="web")
                        messages.success(request, _("Referral sent."))
                        return redirect("referrals:detail", referral.pk)
        try:
            response = match(form.match_request())
        except InvalidRequest as invalid:
            for field, message in getattr(invalid, "fields", {}).items():
                form.add_error(field if field in form.fields else None, message)
        else:
            notice = response.get("notice", "")
            results = cards.match_cards(response["results"], age=form.cleaned_data.get("age"))
            shown = {r["service_id"] for r in results}
            # A chosen service the new matches leave out stays on the page, so its refusal can be read.
            for sid in refusals:
                if sid not in shown:
                    results += cards.match_cards(_chosen_result(sid), age=form.cleaned_data.get("age"))
            for result in results:
                refusal = refusals.get(result["service_id"])
                result["refused"] = refusal.why if refusal else ""
                result["overridable"] = bool(refusal and refusal.overridable)
    return render(request, "referrals/new.html", {
        "form": form, "results": results, "chosen": chosen, "notice": notice,
        "override_reasons": sending.OVERRIDE_REASONS,
    })


def _chosen_result(service_id: str) -> list[dict]:
    """A minimal result for a chosen service that is no longer among the matches."""
    service = ServicePage.objects.filter(hsds_id=service_id).first()
    if service is None:
        return []
    return [{"service_id": service_id, "service_name": service.title, "organization_name": service.organization.title,
             "reasons": [], "distance_miles": None, "open_now": service.open_now, "intake_24_7": service.intake_24_7}]


def _uuids(values) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(value) for value in values]
    except ValueError:
        return []


@member_view(Role.ADVOCATE)
def mine(request):
    referrals = list(
        access.visible_referrals(request.actor).prefetch_related("needs", "recipients__service")[:200]
    )
    audit.record(request, request.actor, "referral.list", [r.pk for r in referrals], channel="web")
    return render(request, "referrals/mine.html", {"referrals": referrals})


@member_view(Role.ADVOCATE, Role.COALITION_ADMIN)
def detail(request, referral_id):
    referral = access.visible_referrals(request.actor).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    recipients = access.visible_recipients(request.actor, referral).prefetch_related("events")
    own = request.actor.is_advocate and referral.advocate_id == request.user.pk
    audit.record(request, request.actor, "referral.read", [referral.pk], channel="web")
    return render(request, "referrals/detail.html", {
        "referral": referral, "recipients": recipients, "pii": _pii(request, referral),
        "releases": privacy.visible_releases(referral, request.actor) if request.actor.is_advocate else [],
        "can_withdraw": request.actor.is_advocate, "withdrawable": lifecycle.WITHDRAWABLE,
        "details_form": ClientDetailsForm() if own else None,
        "release_form": ReleaseForm(referral=referral) if own and not referral.purged_at else None,
    })


def _own_referral(request, referral_id):
    referral = access.visible_referrals(request.actor).filter(pk=referral_id, advocate=request.user).first()
    if referral is None:
        raise Http404
    return referral


def _refused(request, refused):
    messages.error(request, " ".join([refused.message, *(str(m) for m in refused.fields.values())]))


@require_POST
@member_view(Role.ADVOCATE)
def save_details(request, referral_id):
    referral = _own_referral(request, referral_id)
    form = ClientDetailsForm(request.POST)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v}
        try:
            stored = privacy.save_pii(referral, values)
        except lifecycle.TransitionError as refused:
            _refused(request, refused)
        else:
            audit.record(request, request.actor, "pii.write", [referral.pk], detail=",".join(sorted(stored)),
                         channel="web")
            messages.success(request, _("Client details saved, encrypted."))
    return redirect("referrals:detail", referral.pk)


@require_POST
@member_view(Role.ADVOCATE)
def add_release(request, referral_id):
    referral = _own_referral(request, referral_id)
    form = ReleaseForm(request.POST, referral=referral)
    if not form.is_valid():
        messages.error(request, _("The release is not valid: %(fields)s") % {"fields": ", ".join(form.errors)})
        return redirect("referrals:detail", referral.pk)
    try:
        release = privacy.create_release(referral, request.user, form.as_release_data())
    except lifecycle.TransitionError as refused:
        _refused(request, refused)
    else:
        audit.record(request, request.actor, "release.create", [referral.pk], detail=str(release.pk), channel="web")
        messages.success(request, _("Release recorded."))
    return redirect("referrals:detail", referral.pk)


@require_POST
@member_view(Role.ADVOCATE)
def revoke_release(request, referral_id, release_id):
    referral = _own_referral(request, referral_id)
    release = referral.releases.filter(pk=release_id).first()
    if release is None:
        raise Http404
    privacy.revoke_release(release, request.user)
    audit.record(request, request.actor, "release.revoke", [referral.pk], detail=str(release.pk), channel="web")
    messages.success(request, _("Release revoked. The organization no longer sees these details."))
    return redirect("referrals:detail", referral.pk)


@require_POST
@member_view(Role.ADVOCATE)
def withdraw(request, referral_id, recipient_id):
    referral = access.visible_referrals(request.actor).filter(pk=referral_id).first()
    if referral is None or not referral.recipients.filter(pk=recipient_id).exists():
        raise Http404
    _apply(request, recipient_id, RecipientStatus.WITHDRAWN, referral.pk)
    return redirect("referrals:detail", referral.pk)


# --- Providers -------------------------------------------------------------------------------------------


@member_view(Role.PROVIDER)
def inbox(request):
    recipients = list(access.inbox(request.actor)[:200])
    audit.record(request, request.actor, "referral.list", [r.referral_id for r in recipients], channel="web")
    return render(request, "referrals/inbox.html", {"recipients": recipients})


def _provider_recipient(request, recipient_id) -> Recipient:
    recipient = (
        Recipient.objects.select_related("referral", "service", "organization")
        .filter(pk=recipient_id, organization_id=request.actor.organization_id).first()
    )
    if recipient is None:
        raise Http404
    return recipient


@member_view(Role.PROVIDER)
def recipient_detail(request, recipient_id):
    recipient = _provider_recipient(request, recipient_id)
    if lifecycle.mark_viewed(recipient, request.actor):
        recipient.refresh_from_db()
    audit.record(request, request.actor, "referral.read", [recipient.referral_id], recipient.pk, channel="web")
    return render(request, "referrals/recipient.html", {
        "recipient": recipient,
        "referral": recipient.referral,
        "pii": _pii(request, recipient.referral),
        "moves": lifecycle.allowed_moves(recipient, Role.PROVIDER),
        "decline_form": DeclineForm(),
        "complete_form": CompleteForm(),
    })


ACTIONS = {
    "accept": RecipientStatus.ACCEPTED,
    "decline": RecipientStatus.DECLINED,
    "request-info": RecipientStatus.INFO_REQUESTED,
    "complete": RecipientStatus.COMPLETED,
}


@require_POST
@member_view(Role.PROVIDER)
def recipient_action(request, recipient_id, action):
    recipient = _provider_recipient(request, recipient_id)
    if action not in ACTIONS:
        raise Http404
    _apply(request, recipient.pk, ACTIONS[action], recipient.referral_id,
           reason=request.POST.get("reason", ""), outcome=request.POST.get("outcome", ""))
    return redirect("referrals:recipient", recipient.pk)


def _pii(request, referral) -> list | None:
    """The client details this member may see now, as (label, value) rows; each showing is audited."""
    pii = privacy.visible_pii(referral, request.actor)
    if not pii:
        return None
    audit.record(request, request.actor, "pii.read", [referral.pk], detail=",".join(sorted(pii)), channel="web")
    labels = dict(PiiItem.choices)
    return [(labels[key], pii[key]) for key in PiiItem.values if key in pii]


def _apply(request, recipient_id, to, referral_id, reason="", outcome=""):
    try:
        lifecycle.transition(recipient_id, to, request.actor, reason=reason, outcome=outcome)
    except lifecycle.TransitionError as refused:
        audit.record(request, request.actor, "recipient.transition_refused", [referral_id], recipient_id, to,
                     "web")
        messages.error(request, refused.message)
        return False
    audit.record(request, request.actor, "recipient.transition", [referral_id], recipient_id, to, "web")
    messages.success(request, _("Saved."))
    return True


# --- Coalition admins ------------------------------------------------------------------------------------


@member_view(Role.COALITION_ADMIN)
def dashboard(request):
    return render(request, "referrals/dashboard.html", {"stats": stats.dashboard()})


@member_view(Role.COALITION_ADMIN)
def audit_log(request):
    events = AuditEvent.objects.all()
    filters = {key: request.GET.get(key, "").strip() for key in ("username", "action", "referral", "role")}
    if filters["username"]:
        events = events.filter(username=filters["username"])
    if filters["action"]:
        events = events.filter(action=filters["action"])
    if filters["role"]:
        events = events.filter(role=filters["role"])
    if filters["referral"]:
        try:
            events = events.filter(referral_id=uuid.UUID(filters["referral"]))
        except ValueError:
            events = events.none()
    events = list(events[:500])
    actions = AuditEvent.objects.values_list("action", flat=True).distinct().order_by("action")
    return render(request, "referrals/audit.html", {"events": events, "filters": filters, "actions": list(actions)})
