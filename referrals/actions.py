"""The application layer: every referral action, once.

Each action takes a `Caller` (who, from where, through which channel), checks that the caller may do it to that
object, does it through `lifecycle` and `privacy`, records its audit event, and raises `ReferralError` (code,
message, fields; no HTTP status) when refused. The web screens (views.py) and the JSON API (api.py) are thin
adapters over these functions: they parse their input, call one action, and render the answer or the error.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext as _

from directory.http import parse_uuid, parse_uuids
from directory.live_updates import update_availability
from directory.models import OrganizationPage
from search import service as search_service

from . import access, audit, crypto, lifecycle, notifications, privacy, sending
from .errors import ReferralError
from .forms import WITHDRAW_REASONS, ReferralFactsForm, error_fields
from .models import Recipient, RecipientMessage, RecipientStatus, Referral, ReferralStatus, Release, Role
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


def _waiting_on_advocate(parts: QuerySet) -> QuerySet:
    """Parts where the provider asked for information and the advocate has not answered since (the last
    message on the part is not the advocate's)."""
    last_author = RecipientMessage.objects.filter(recipient=OuterRef("pk")).order_by("-at", "-pk")
    return (
        parts.filter(status=RecipientStatus.INFO_REQUESTED)
        .annotate(last_author_role=Subquery(last_author.values("author_role")[:1]))
        .exclude(last_author_role=Role.ADVOCATE)
    )


def list_referrals(
    caller: Caller, status: str = "", page=None, per_page: int = PER_PAGE, *, waiting_first: bool = False
) -> Page:
    """One page of the caller's referrals (newest first), optionally those with a referral or recipient status.
    Each carries `visible_recipients`: the parts the caller may see, read for the whole page in one query, each
    with `waiting_on_advocate`. `waiting_first` puts the referrals with a part waiting on the advocate (an
    unanswered request for information) before the rest ("My referrals")."""
    actor = caller.actor
    parts = Recipient.objects.select_related("service", "organization")
    if actor.is_provider:
        parts = parts.filter(organization_id=actor.organization_id)
    waiting = _waiting_on_advocate(Recipient.objects.all())
    parts = parts.annotate(waiting_on_advocate=Exists(waiting.filter(pk=OuterRef("pk"))))
    referrals = (
        access.visible_referrals(actor)
        .select_related("organization")
        .prefetch_related("needs", Prefetch("recipients", queryset=parts, to_attr="visible_recipients"))
    )
    if waiting_first and actor.is_advocate:
        referrals = referrals.annotate(waiting_on_advocate=Exists(waiting.filter(referral=OuterRef("pk")))).order_by(
            "-waiting_on_advocate", "-created_at"
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
    last_author = RecipientMessage.objects.filter(recipient=OuterRef("pk")).order_by("-at", "-pk")
    parts = access.inbox(caller.actor).annotate(last_author_role=Subquery(last_author.values("author_role")[:1]))
    found = paginate(parts, page, per_page)
    caller.record("referral.list", [r.referral_id for r in found.object_list])
    return found


@dataclass
class ReferralRead:
    """What one caller may see of one referral: its parts (each with `thread`, the conversation the caller may
    read), the client details, the releases."""

    referral: Referral
    recipients: QuerySet | list
    pii: dict | None
    releases: QuerySet | list = field(default_factory=list)


@dataclass(frozen=True)
class Message:
    """One message of a part's conversation as shown: who wrote it (a role and an organization, never a
    person's name), when, and the text (None when it can no longer be read: destroyed with the client details)."""

    author_role: str
    organization: str
    at: object
    text: str | None
    mine: bool


def _may_converse(actor, recipient: Recipient) -> bool:
    """The two sides of a part: the referring advocate and the receiving organization's providers."""
    if actor.is_provider:
        return recipient.organization_id == actor.organization_id
    return actor.is_advocate and recipient.referral.advocate_id == actor.user.pk


def _threads(caller: Caller, referral: Referral, recipients) -> None:
    """Give each part `thread` (its messages, decrypted) when the caller is one of its two sides; one audit
    record of the read per part that has any."""
    recipients = [r for r in recipients if _may_converse(caller.actor, r)]
    by_part = {r.pk: [] for r in recipients}
    stored = list(RecipientMessage.objects.filter(recipient_id__in=list(by_part)))
    if stored:
        try:
            texts = crypto.decrypt_texts(referral, [m.ciphertext for m in stored])
        except crypto.PiiUnavailable:
            texts = [None] * len(stored)
        for message, text in zip(stored, texts, strict=True):
            organization = (
                referral.organization.title
                if message.author_role == Role.ADVOCATE
                else next(r.organization.title for r in recipients if r.pk == message.recipient_id)
            )
            by_part[message.recipient_id].append(
                Message(
                    message.author_role,
                    organization,
                    message.at,
                    text,
                    mine=message.author_id == caller.actor.user.pk,
                )
            )
    for recipient in recipients:
        recipient.thread = by_part[recipient.pk]
        recipient.can_write = recipient.status not in lifecycle.FINAL
        recipient.waiting_on_advocate = recipient.status == RecipientStatus.INFO_REQUESTED and (
            not recipient.thread or recipient.thread[-1].author_role != Role.ADVOCATE
        )
        if recipient.thread:
            caller.record("message.read", [referral.pk], recipient.pk)


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
    recipients = list(access.visible_recipients(caller.actor, referral).prefetch_related("events"))
    _threads(caller, referral, recipients)
    return ReferralRead(
        referral=referral,
        recipients=recipients,
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
    _threads(caller, recipient.referral, [recipient])
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


# --- The conversation on a part, and answering with it ---------------------------------------------------

MAX_MESSAGE_LENGTH = 2000


def _clean_text(text, field_name: str, missing) -> str:
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise ReferralError("invalid", missing, {field_name: missing})
    if len(text) > MAX_MESSAGE_LENGTH:
        too_long = _("At most %d characters.") % MAX_MESSAGE_LENGTH
        raise ReferralError("invalid", too_long, {field_name: too_long})
    return text


def _store_message(caller: Caller, recipient: Recipient, text: str) -> RecipientMessage:
    if recipient.referral.purged_at:
        raise ReferralError("purged", _("This referral's details were destroyed."))
    try:
        ciphertext = crypto.encrypt_text(recipient.referral, text)
    except crypto.PiiUnavailable as problem:
        raise ReferralError("pii_unavailable", str(problem)) from None
    message = RecipientMessage.objects.create(
        recipient=recipient, author=caller.actor.user, author_role=caller.actor.role, ciphertext=ciphertext
    )
    caller.record("message.post", [recipient.referral_id], recipient.pk)
    return message


def read_thread(caller: Caller, recipient_id, *, referral_id=None) -> list[Message]:
    """A part's conversation, for one of its two sides (the read is audited when there is anything to read)."""
    recipient = _visible_recipient(caller, recipient_id, referral_id)
    if not _may_converse(caller.actor, recipient):
        raise _not_found()
    _threads(caller, recipient.referral, [recipient])
    return recipient.thread


def post_message(caller: Caller, recipient_id, text, *, referral_id=None) -> RecipientMessage:
    """Add a message to a part's conversation: the receiving organization or the referring advocate, while the
    part is still going on. Encrypted like the client details; the other side gets a notice without the text."""
    recipient = _visible_recipient(caller, recipient_id, referral_id)
    if not _may_converse(caller.actor, recipient):
        raise _not_found()
    text = _clean_text(text, "text", _("Write a message."))
    if recipient.status in lifecycle.FINAL:
        raise ReferralError("closed", _("This part of the referral has ended; it takes no more messages."))
    with transaction.atomic():
        message = _store_message(caller, recipient, text)
        if caller.actor.is_provider:
            notifications.notify_advocate(recipient, "message")
        else:
            notifications.notify_provider_message(recipient)
    return message


def request_information(caller: Caller, recipient_id, question, *, referral_id=None) -> Recipient:
    """The provider asks the advocate a question: the part becomes "information requested" and the question
    opens its conversation, in one transaction. A question is required."""
    _require_role(caller, Role.PROVIDER)
    _visible_recipient(caller, recipient_id, referral_id)  # 404 before anything about the input is said
    question = _clean_text(question, "question", _("Write the question for the advocate."))
    with transaction.atomic():
        moved = transition(caller, recipient_id, RecipientStatus.INFO_REQUESTED, referral_id=referral_id)
        _store_message(caller, moved, question)
    return moved


def accept(caller: Caller, recipient_id, places_free=None, *, referral_id=None) -> Recipient:
    """The provider accepts the part. `places_free` (optional, 0-999): the service's free places now, said in the
    same step; it goes through the listing's "Update availability" path (logged, reindexed)."""
    _require_role(caller, Role.PROVIDER)
    bad = isinstance(places_free, bool) or not isinstance(places_free, int) or not 0 <= places_free <= 999
    if places_free is not None and bad:
        message = _("Give a whole number from 0 to 999, or leave it empty.")
        raise ReferralError("invalid", message, {"places_free": message})
    moved = transition(caller, recipient_id, RecipientStatus.ACCEPTED, referral_id=referral_id)
    if places_free is not None:
        service = moved.service
        update_availability(service, caller.actor.user, service.accepting_referrals, "", places_free)
        caller.record("service.availability", [moved.referral_id], moved.pk, str(places_free))
    return moved
