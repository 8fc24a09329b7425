"""The referral screens: advocates send and follow referrals, providers answer them, coalition admins watch the
numbers. Every view needs a login and checks the role; the actions themselves (access to the object, the audit
record) are in referrals.actions, shared with the JSON API. Nothing here is cached."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directory.http import parse_uuid, parse_uuids
from directory.models import ServicePage

from . import access, actions, audit, cards, lifecycle, links, sending, stats, triage
from .errors import ReferralError
from .forms import (
    WITHDRAW_REASONS,
    AcceptForm,
    ClientDetailsForm,
    CompleteForm,
    DeclineForm,
    MessageForm,
    ProfileForm,
    QuestionForm,
    ReferralFactsForm,
    ReleaseForm,
)
from .models import AuditEvent, Membership, PiiItem, RecipientStatus, Referral, Role
from .operations import actions as operations
from .paging import page_of, with_links


def member_view(*roles):
    """Login required; 403 when the member's role may not use the page; the actor on request.actor and the
    application layer's caller on request.caller. A refused action that names no object or role raises here
    as 404 or 403; the others each view turns into a message."""

    def decorator(view):
        @never_cache
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            actor = access.actor_for(request.user)
            if actor is None or actor.role not in roles:
                raise PermissionDenied
            request.actor = actor
            request.caller = actions.Caller.from_request(request, actor, "web")
            try:
                return view(request, *args, **kwargs)
            except ReferralError as refused:
                if refused.code == "not_found":
                    raise Http404 from None
                if refused.code == "forbidden":
                    raise PermissionDenied from None
                raise

        return wrapper

    return decorator


@member_view(*Role.values)
def home(request):
    target = {
        Role.ADVOCATE: "referrals:mine",
        Role.PROVIDER: "referrals:inbox",
        Role.COALITION_ADMIN: "referrals:dashboard",
    }[request.actor.role]
    return redirect(target)


# --- Advocates -------------------------------------------------------------------------------------------


@member_view(Role.ADVOCATE)
def new_referral(request):
    """Facts, matches and sending on one phone-first page. Sending re-checks each chosen service (sending.py)."""
    form = ReferralFactsForm(request.POST or None)
    results, chosen, notice, refusals = None, request.POST.getlist("services"), "", {}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "send":
            if not parse_uuids(chosen):
                messages.error(request, _("Choose at least one service."))
            else:
                overrides = {
                    sid: request.POST.get(f"override_reason_{sid}", "") for sid in request.POST.getlist("override")
                }
                try:
                    referral = actions.create_referral(request.caller, form.cleaned_data, chosen, overrides)
                except sending.NoLongerFits as refused:
                    refusals = refused.refusals
                    messages.error(request, _("Some chosen services no longer fit. Look at them below."))
                except ReferralError:
                    messages.error(request, _("Some services chosen cannot receive referrals now; search again."))
                else:
                    messages.success(request, _("Referral sent."))
                    return redirect("referrals:detail", referral.pk)
        try:
            response = actions.match(request.caller, form.match_request())
        except ReferralError as invalid:
            for field, message in invalid.fields.items():
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
    return render(
        request,
        "referrals/new.html",
        {
            "form": form,
            "results": results,
            "chosen": chosen,
            "notice": notice,
            "override_reasons": sending.OVERRIDE_REASONS,
        },
    )


def _chosen_result(service_id: str) -> list[dict]:
    """A minimal result for a chosen service that is no longer among the matches."""
    service = ServicePage.objects.filter(hsds_id=service_id).first()
    if service is None:
        return []
    return [
        {
            "service_id": service_id,
            "service_name": service.title,
            "organization_name": service.organization.title,
            "reasons": [],
            "distance_miles": None,
            "open_now": service.open_now,
            "intake_24_7": service.intake_24_7,
        }
    ]


@member_view(Role.ADVOCATE)
def mine(request):
    page = with_links(request, actions.list_referrals(request.caller, page=request.GET.get("page"), waiting_first=True))
    return render(request, "referrals/mine.html", {"referrals": page.object_list, "page_obj": page})


@member_view(Role.ADVOCATE, Role.COALITION_ADMIN)
def detail(request, referral_id):
    seen = actions.read_referral(request.caller, referral_id)
    referral = seen.referral
    own = request.actor.is_advocate and referral.advocate_id == request.user.pk
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "recipients": seen.recipients,
            "pii": _rows(seen.pii),
            "releases": seen.releases if request.actor.is_advocate else [],
            "can_withdraw": request.actor.is_advocate,
            "withdrawable": lifecycle.WITHDRAWABLE,
            "withdraw_reasons": WITHDRAW_REASONS,
            "message_form": MessageForm() if own else None,
            "details_form": ClientDetailsForm() if own else None,
            "release_form": ReleaseForm(referral=referral) if own and not referral.purged_at else None,
        },
    )


def _own_referral(request, referral_id):
    """The advocate's own referral, before a form is checked (the action checks again and records)."""
    referral = access.visible_referrals(request.actor).filter(pk=referral_id, advocate=request.user).first()
    if referral is None:
        raise Http404
    return referral


def _refused(request, refused):
    messages.error(request, " ".join([refused.message, *(str(m) for m in refused.fields.values())]))


@require_POST
@member_view(Role.ADVOCATE)
def save_details(request, referral_id):
    _own_referral(request, referral_id)
    form = ClientDetailsForm(request.POST)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v}
        try:
            actions.save_client_details(request.caller, referral_id, values)
        except ReferralError as refused:
            if refused.code == "not_found":
                raise
            _refused(request, refused)
        else:
            messages.success(request, _("Client details saved, encrypted."))
    return redirect("referrals:detail", referral_id)


@require_POST
@member_view(Role.ADVOCATE)
def add_release(request, referral_id):
    referral = _own_referral(request, referral_id)
    form = ReleaseForm(request.POST, referral=referral)
    if not form.is_valid():
        messages.error(request, _("The release is not valid: %(fields)s") % {"fields": ", ".join(form.errors)})
        return redirect("referrals:detail", referral.pk)
    try:
        actions.add_release(request.caller, referral.pk, form.as_release_data())
    except ReferralError as refused:
        if refused.code == "not_found":
            raise
        _refused(request, refused)
    else:
        messages.success(request, _("Release recorded."))
    return redirect("referrals:detail", referral.pk)


@require_POST
@member_view(Role.ADVOCATE)
def revoke_release(request, referral_id, release_id):
    actions.revoke_release(request.caller, referral_id, release_id)
    messages.success(request, _("Release revoked. The organization no longer sees these details."))
    return redirect("referrals:detail", referral_id)


@require_POST
@member_view(Role.ADVOCATE)
def advocate_message(request, referral_id, recipient_id):
    """The referring advocate writes on one part's conversation (answers the provider's question)."""
    _own_referral(request, referral_id)
    _apply(request, lambda: actions.post_message(request.caller, recipient_id, request.POST.get("text", "")))
    return redirect(f"{reverse('referrals:detail', args=[referral_id])}#part-{recipient_id}")


@require_POST
@member_view(Role.ADVOCATE)
def withdraw(request, referral_id, recipient_id):
    """Needs a stated reason and a ticked confirmation: one stray tap must not take a referral back."""
    _apply(
        request,
        lambda: actions.withdraw(
            request.caller,
            referral_id,
            recipient_id,
            request.POST.get("reason", ""),
            confirmed=request.POST.get("confirm") == "yes",
        ),
    )
    return redirect("referrals:detail", referral_id)


# --- Providers -------------------------------------------------------------------------------------------


@member_view(Role.PROVIDER)
def inbox(request):
    page = with_links(request, actions.inbox(request.caller, page=request.GET.get("page")))
    recipients = triage.for_provider(page.object_list)
    return render(
        request,
        "referrals/inbox.html",
        # Operations the organization takes part in, planned or active: standby, holding places, comes first.
        {"recipients": recipients, "page_obj": page, "operations": list(operations.standby(request.caller))},
    )


@member_view(Role.PROVIDER)
def answer_link(request, token):
    """The signed link of a provider's notice (links.py): after sign-in and second factor, straight to the part.
    A link that is forged, for another purpose or too old leads to the inbox with a word why."""
    recipient_id = links.recipient_id_from(token)
    if recipient_id is None:
        messages.error(request, _("That link has expired or is not valid. Every referral is in your inbox."))
        return redirect("referrals:inbox")
    return redirect("referrals:recipient", recipient_id)


@member_view(Role.PROVIDER)
def recipient_detail(request, recipient_id):
    recipient, pii = actions.read_recipient(request.caller, recipient_id)
    membership = Membership.objects.filter(user_id=recipient.referral.advocate_id).first()
    return render(
        request,
        "referrals/recipient.html",
        {
            "recipient": recipient,
            "referral": recipient.referral,
            "pii": _rows(pii),
            "moves": lifecycle.allowed_moves(recipient, Role.PROVIDER),
            "accept_form": AcceptForm(),
            "question_form": QuestionForm(),
            "message_form": MessageForm(),
            "decline_form": DeclineForm(),
            "complete_form": CompleteForm(),
            "callback_phone": membership.callback_phone if membership else "",
        },
    )


def _accept(request, recipient_id):
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return
    _apply(request, lambda: actions.accept(request.caller, recipient_id, form.cleaned_data["places_free"]))


def _request_info(request, recipient_id):
    _apply(request, lambda: actions.request_information(request.caller, recipient_id, request.POST.get("question")))


def _message(request, recipient_id):
    _apply(request, lambda: actions.post_message(request.caller, recipient_id, request.POST.get("text", "")))


def _transition(to):
    def act(request, recipient_id):
        _apply(
            request,
            lambda: actions.transition(
                request.caller,
                recipient_id,
                to,
                reason=request.POST.get("reason", ""),
                outcome=request.POST.get("outcome", ""),
            ),
        )

    return act


ACTIONS = {
    "accept": _accept,
    "decline": _transition(RecipientStatus.DECLINED),
    "request-info": _request_info,
    "message": _message,
    "complete": _transition(RecipientStatus.COMPLETED),
}


@require_POST
@member_view(Role.PROVIDER)
def recipient_action(request, recipient_id, action):
    if action not in ACTIONS:
        raise Http404
    if action == "decline" and request.POST.get("confirm") != "yes":
        messages.error(request, _("To decline, choose a reason and tick the confirmation."))
        return redirect("referrals:recipient", recipient_id)
    ACTIONS[action](request, recipient_id)
    return redirect("referrals:recipient", recipient_id)


@member_view(*Role.values)
def profile(request):
    """The member's own profile: the callback number a receiving organization sees once it accepts."""
    membership = request.user.membership
    form = ProfileForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profile saved."))
        return redirect("referrals:profile")
    return render(request, "referrals/profile.html", {"form": form, "membership": membership})


def _rows(pii) -> list | None:
    """The client details as (label, value) rows, in the usual order."""
    if not pii:
        return None
    labels = dict(PiiItem.choices)
    return [(labels[key], pii[key]) for key in PiiItem.values if key in pii]


def _apply(request, action) -> bool:
    try:
        action()
    except ReferralError as refused:
        if refused.code == "not_found":
            raise
        messages.error(request, refused.message)
        return False
    messages.success(request, _("Saved."))
    return True


# --- Coalition admins ------------------------------------------------------------------------------------


@member_view(Role.COALITION_ADMIN)
def dashboard(request):
    open_operations = operations.visible_operations(request.caller).open().order_by("starts_at", "pk")
    return render(
        request,
        "referrals/dashboard.html",
        {"stats": stats.dashboard(), "urgent": triage.unanswered_urgent(), "operations": open_operations},
    )


@member_view(Role.COALITION_ADMIN)
def audit_log(request):
    """Who did what, newest first, a page at a time: referrals named by client code, actions in words, roles
    by name; filters by user, role, action and client code (or a referral's id, as links from elsewhere give)."""
    events = AuditEvent.objects.all()
    keys = ("username", "action", "client", "referral", "role")
    filters = {key: request.GET.get(key, "").strip() for key in keys}
    if filters["username"]:
        events = events.filter(username=filters["username"])
    if filters["action"]:
        events = events.filter(action=filters["action"])
    if filters["role"]:
        events = events.filter(role=filters["role"])
    if filters["client"]:
        code = filters["client"].upper()
        events = events.filter(referral_id__in=Referral.objects.filter(client_code=code).values("pk"))
    if filters["referral"]:
        referral_id = parse_uuid(filters["referral"])
        events = events.filter(referral_id=referral_id) if referral_id else events.none()
    page = page_of(request, events)
    rows = list(page.object_list)
    codes = dict(
        Referral.objects.filter(pk__in={e.referral_id for e in rows if e.referral_id}).values_list("pk", "client_code")
    )
    roles = dict(Role.choices)
    for event in rows:
        event.client_code = codes.get(event.referral_id, "")
        event.action_label = audit.action_label(event.action)
        event.detail_label = audit.detail_label(event.action, event.detail)
        event.role_label = roles.get(event.role, event.role)
    action_names = AuditEvent.objects.values_list("action", flat=True).distinct().order_by("action")
    return render(
        request,
        "referrals/audit.html",
        {
            "events": rows,
            "page_obj": page,
            "filters": filters,
            "actions": [(name, audit.action_label(name)) for name in action_names],
            "roles": Role.choices,
        },
    )
