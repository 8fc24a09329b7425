"""The application layer: every referral action, once.

Each action takes a `Caller` (who, from where, through which channel), checks that the caller may do it to that
object, does it through `lifecycle` and `privacy`, records its audit event, and raises `ReferralError` (code,
message, fields; no HTTP status) when refused. The web screens (views.py) and the JSON API (api.py) are thin
adapters over these functions: they parse their input, call one action, and render the answer or the error.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from directory.http import parse_uuid, parse_uuids
from directory.models import OrganizationPage
from search import service as search_service

from . import access, audit, lifecycle, privacy, sending
from .errors import ReferralError
from .forms import WITHDRAW_REASONS, ReferralFactsForm, error_fields
from .models import Recipient, RecipientStatus, Referral, ReferralStatus, Release, Role
from .paging import PER_PAGE, paginate

FACT_KEYS = ("needs", "age", "gender", "languages", "trafficking_type", "postal_code", "urgent", "note")
TEXT_FACTS = ("gender", "trafficking_type", "postal_code", "note")
ANSWERABLE = {"viewed", "accepted", "declined", "info_requested", "completed", "withdrawn"}


@dataclass(frozen=True)
class Caller:
    """Who acts (an access.Actor), from which address, through which channel ("web" or "api")."""

    actor: access.Actor
    channel: str
    ip: str | None = None

    @classmethod
    def from_request(cls, request, actor, channel: str) -> "Caller":
        return cls(actor=actor, channel=channel, ip=audit.client_ip(request))

    def record(self, action: str, referral_ids=(), recipient_id=None, detail: str = ""):
        audit.record(None, self.actor, action, referral_ids, recipient_id, detail, self.channel, ip=self.ip)


def _not_found():
    return ReferralError("not_found", _("No such referral."))


def _require_role(caller: Caller, *roles, message=None):
    if caller.actor.role not in roles:
        raise ReferralError("forbidden", message or _("Your role may not do this."))


def _visible_referral(caller: Caller, referral_id) -> Referral:
    referral_id = parse_uuid(referral_id)
    referral = referral_id and (
        access.visible_referrals(caller.actor).select_related("organization").filter(pk=referral_id).first()
    )
    if not referral:
        raise _not_found()
    return referral


def _own_referral(caller: Caller, referral_id) -> Referral:
    """The referral, when the caller is its referring advocate (who alone handles the client's details)."""
    referral = _visible_referral(caller, referral_id)
    if not (caller.actor.is_advocate and referral.advocate_id == caller.actor.user.pk):
        raise _not_found()
    return referral


# --- Matching and creating -------------------------------------------------------------------------------


def match(caller: Caller, request: dict) -> dict:
    """Ranked services for a matching request (CONTRACT section 2). Reads no referral, so records nothing."""
    _require_role(caller, Role.ADVOCATE, Role.COALITION_ADMIN)
    if not isinstance(request, dict):
        raise ReferralError("invalid_json", _("The body must be a JSON object."))
    try:
        return search_service.match(request)
    except search_service.InvalidRequest as invalid:
        raise ReferralError("invalid", _("The matching request is not valid."), invalid.fields) from None


def create_referral(caller: Caller, facts: dict, recipients, overrides=None) -> Referral:
    """Send a referral. `facts` holds the ReferralFactsForm fields (raw or cleaned); `recipients` the HSDS ids
    of the chosen services, as strings. Each is re-checked against matching's hard filters; one that fails needs
    `overrides[service id]` = a reason code (sending.OVERRIDE_REASONS), recorded as `recipient.override`."""
    _require_role(caller, Role.ADVOCATE, message=_("Only advocates send referrals."))
    facts = {k: v for k, v in facts.items() if k in FACT_KEYS and v not in (None, "")}
    # Text facts must arrive as text: a form would store str() of anything else (a note of "{'x': 1}").
    wrong_type = {k: _("Must be text.") for k in TEXT_FACTS if k in facts and not isinstance(facts[k], str)}
    form = ReferralFactsForm(data={k: v for k, v in facts.items() if k not in wrong_type})
    fields = {**({} if form.is_valid() else error_fields(form)), **wrong_type}
    service_ids = parse_uuids(recipients)
    if not service_ids:
        fields["recipients"] = _("Give a list of one or more service ids.")
    if fields:
        raise ReferralError("invalid", _("The referral is not valid."), fields)
    if overrides is not None and not isinstance(overrides, dict):
        raise ReferralError("invalid", _("The referral is not valid."), {"overrides": _("Must be an object.")})
    checked = sending.check_chosen(form.match_request(), service_ids, {str(k): v for k, v in (overrides or {}).items()})
    if not checked.ok:
        raise sending.NoLongerFits(checked.refusals)
    data = form.cleaned_data
    referral = lifecycle.create_referral(
        caller.actor.user,
        OrganizationPage.objects.get(pk=caller.actor.organization_id),
        needs=data["needs"],
        service_ids=service_ids,
        **{k: data[k] for k in ("age", "gender", "languages", "trafficking_type", "postal_code", "urgent", "note")},
    )
    caller.record("referral.create", [referral.pk])
    for recipient in referral.recipients.select_related("service"):
        override = checked.overridden.get(str(recipient.service.hsds_id))
        if override:
            caller.record("recipient.override", [referral.pk], recipient.pk, sending.audit_detail(*override))
    return referral


# --- Reading ---------------------------------------------------------------------------------------------


def list_referrals(caller: Caller, status: str = "", page=None, per_page: int = PER_PAGE) -> Page:
    """One page of the caller's referrals (newest first), optionally those with a referral or recipient status.
    Each carries `visible_recipients`: the parts the caller may see, read for the whole page in one query."""
    actor = caller.actor
    parts = Recipient.objects.select_related("service", "organization")
    if actor.is_provider:
        parts = parts.filter(organization_id=actor.organization_id)
    referrals = (
        access.visible_referrals(actor)
        .select_related("organization")
        .prefetch_related("needs", Prefetch("recipients", queryset=parts, to_attr="visible_recipients"))
    )
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
            raise ReferralError("invalid", _("Unknown status."), {"status": _("Choose one of: %s") % choices})
    found = paginate(referrals, page, per_page)
    caller.record("referral.list", [r.pk for r in found.object_list])
    return found


def inbox(caller: Caller, page=None, per_page: int = PER_PAGE) -> Page:
    """One page of a provider's parts of referrals: unopened first, urgent before the rest, then newest."""
    _require_role(caller, Role.PROVIDER)
    found = paginate(access.inbox(caller.actor), page, per_page)
    caller.record("referral.list", [r.referral_id for r in found.object_list])
    return found


@dataclass
class ReferralRead:
    """What one caller may see of one referral: its parts, the client details, the releases."""

    referral: Referral
    recipients: QuerySet
    pii: dict | None
    releases: QuerySet | list = field(default_factory=list)


def _client_details(caller: Caller, referral: Referral) -> dict | None:
    pii = privacy.visible_pii(referral, caller.actor)
    if pii:
        caller.record("pii.read", [referral.pk], detail=",".join(sorted(pii)))
    return pii


def read_referral(caller: Caller, referral_id) -> ReferralRead:
    """One referral as the caller may see it. A provider's first look marks its own parts viewed."""
    referral = _visible_referral(caller, referral_id)
    for recipient in access.visible_recipients(caller.actor, referral):
        lifecycle.mark_viewed(recipient, caller.actor)
    caller.record("referral.read", [referral.pk])
    return ReferralRead(
        referral=referral,
        recipients=access.visible_recipients(caller.actor, referral).prefetch_related("events"),
        pii=_client_details(caller, referral),
        releases=privacy.visible_releases(referral, caller.actor),
    )


def read_recipient(caller: Caller, recipient_id) -> tuple[Recipient, dict | None]:
    """A provider's own part of a referral, with the client details its releases allow."""
    _require_role(caller, Role.PROVIDER)
    recipient_id = parse_uuid(recipient_id)
    recipient = recipient_id and (
        Recipient.objects.select_related("referral", "service", "organization")
        .filter(pk=recipient_id, organization_id=caller.actor.organization_id)
        .first()
    )
    if not recipient:
        raise _not_found()
    if lifecycle.mark_viewed(recipient, caller.actor):
        recipient.refresh_from_db()
    caller.record("referral.read", [recipient.referral_id], recipient.pk)
    return recipient, _client_details(caller, recipient.referral)


def client_details(caller: Caller, referral_id) -> dict | None:
    """The client details the caller may see now (recorded when any are shown)."""
    return _client_details(caller, _visible_referral(caller, referral_id))


# --- Changing a part's status ----------------------------------------------------------------------------


def _visible_recipient(caller: Caller, recipient_id, referral_id=None) -> Recipient:
    recipient_id = parse_uuid(recipient_id)
    recipients = Recipient.objects.select_related("referral").filter(pk=recipient_id) if recipient_id else None
    if recipients is not None and referral_id is not None:
        referral_id = parse_uuid(referral_id)
        recipients = recipients.filter(referral_id=referral_id) if referral_id else None
    recipient = recipients.first() if recipients is not None else None
    if recipient is None or not access.can_see_recipient(caller.actor, recipient):
        raise _not_found()
    return recipient


def transition(caller: Caller, recipient_id, to, *, referral_id=None, reason="", outcome="") -> Recipient:
    """Move one part of a referral to `to`: a provider answers, the referring advocate withdraws."""
    recipient = _visible_recipient(caller, recipient_id, referral_id)
    if not isinstance(to, str) or to not in ANSWERABLE:
        raise ReferralError(
            "invalid",
            _("Unknown status."),
            {"to": _("Choose one of: viewed, accepted, declined, info_requested, completed, withdrawn.")},
        )
    for name, value in (("reason", reason), ("outcome", outcome)):
        if value is not None and not isinstance(value, str):
            raise ReferralError("invalid", _("The change is not valid."), {name: _("Must be text.")})
    try:
        moved = lifecycle.transition(recipient.pk, to, caller.actor, reason=reason or "", outcome=outcome or "")
    except ReferralError:
        caller.record("recipient.transition_refused", [recipient.referral_id], recipient.pk, to)
        raise
    caller.record("recipient.transition", [recipient.referral_id], recipient.pk, to)
    return moved


def withdraw(caller: Caller, referral_id, recipient_id, reason: str = "", *, confirmed: bool = True) -> Recipient:
    """The referring advocate takes one part of the referral back. On the screens it needs a reason (a code of
    forms.WITHDRAW_REASONS, kept on the timeline) and a ticked confirmation."""
    _require_role(caller, Role.ADVOCATE, message=_("Only the referring advocate can withdraw."))
    _own_referral(caller, referral_id)  # 404 before anything about the input is said
    if caller.channel == "web" and (reason not in dict(WITHDRAW_REASONS) or not confirmed):
        raise ReferralError(
            "invalid",
            _("To withdraw, choose a reason and tick the confirmation."),
            {"reason": _("Choose a reason."), "confirm": _("Tick the confirmation.")},
        )
    return transition(caller, recipient_id, RecipientStatus.WITHDRAWN, referral_id=referral_id, reason=reason)


# --- Client details and releases -------------------------------------------------------------------------


def save_client_details(caller: Caller, referral_id, values) -> dict:
    """Store (encrypted) the client details the referring advocate gives. Returns the items now stored."""
    referral = _own_referral(caller, referral_id)
    if not isinstance(values, dict):
        raise ReferralError("invalid_json", _("The body must be a JSON object."))
    stored = privacy.save_pii(referral, values)
    caller.record("pii.write", [referral.pk], detail=",".join(sorted(stored)))
    return stored


def add_release(caller: Caller, referral_id, data) -> Release:
    """Record a release the client signed for one receiving organization."""
    referral = _own_referral(caller, referral_id)
    if not isinstance(data, dict):
        raise ReferralError("invalid_json", _("The body must be a JSON object."))
    release = privacy.create_release(referral, caller.actor.user, data)
    caller.record("release.create", [referral.pk], detail=str(release.pk))
    return release


def revoke_release(caller: Caller, referral_id, release_id) -> Release:
    """End a release at once: the organization stops seeing the details on its next request."""
    referral = _own_referral(caller, referral_id)
    release_id = parse_uuid(release_id)
    release = release_id and referral.releases.select_related("organization").filter(pk=release_id).first()
    if not release:
        raise _not_found()
    release = privacy.revoke_release(release, caller.actor.user)
    caller.record("release.revoke", [referral.pk], detail=str(release.pk))
    return release
