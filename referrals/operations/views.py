"""The operations' screens (issue 16): the operations list, the placement form for phones, standby holds, the
readiness board, the coordinator's board, a placement with its juvenile protocol, and the after-action report.

Thin adapters over referrals.operations.actions, like referrals.views over referrals.actions: every view needs a
login and a membership (referrals.views.member_view), the action decides who may see which operation (404 for an
operation or placement the caller may not see), and nothing here is cached. The board and a placement's page
reload themselves through the `Refresh` header (no JavaScript), which the reader can switch off.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import Language, Need, OrganizationPage, ServicePage

from ..errors import ReferralError
from ..models import RecipientStatus, Referral, Role
from ..views import member_view
from . import actions as ops
from . import reporting
from .forms import HoldForm, PlacementForm
from .models import Hold, OperationStatus

REFRESH_SECONDS = 30
STATUS_ORDER = {OperationStatus.ACTIVE: 0, OperationStatus.PLANNED: 1, OperationStatus.CLOSED: 2}


def _refreshing(request) -> bool:
    return request.GET.get("refresh") != "off"


def _with_refresh(request, response, on: bool = True):
    """Reload the page every REFRESH_SECONDS unless the reader stopped it (?refresh=off)."""
    if on and _refreshing(request):
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def _refresh_context(request, on: bool = True) -> dict:
    return {"refreshing": on and _refreshing(request), "refresh_seconds": REFRESH_SECONDS, "now": timezone.now()}


# --- Everyone: the operations this member may work in ----------------------------------------------------


@member_view(*Role.values)
def operation_list(request):
    """Active first, then planned, then closed. Advocates see the operations they may file in (open ones) and
    those they coordinate; providers their organization's open ones (standby); coalition admins every one."""
    actor = request.actor
    if actor.is_provider:
        operations = ops.standby(request.caller)
    else:
        operations = ops.visible_operations(request.caller).select_related("coordinator")
        if actor.is_advocate:
            mine = operations.filter(coordinator=actor.user)
            operations = operations.open() | mine
    rows = []
    for operation in operations.distinct():
        status = operation.status
        rows.append(
            {
                "operation": operation,
                "can_place": actor.is_advocate and status == OperationStatus.ACTIVE,
                "can_hold": actor.is_provider and status != OperationStatus.CLOSED,
                "can_coordinate": ops.can_coordinate(actor, operation),
            }
        )
    rows.sort(key=lambda row: (STATUS_ORDER[row["operation"].status], row["operation"].starts_at))
    return render(request, "referrals/operations/list.html", {"rows": rows})


# --- Advocates: a placement from the field ---------------------------------------------------------------


@member_view(Role.ADVOCATE)
def place(request, operation_id):
    """The phone-first placement form. The hidden idempotency key makes a form sent twice one placement."""
    operation = ops.get_operation(request.caller, operation_id)
    active = operation.status == OperationStatus.ACTIVE
    form = PlacementForm(request.POST or None, operation=operation)
    if request.method == "POST" and active and form.is_valid():
        try:
            placement = ops.file_placement(request.caller, operation.pk, form.facts(), idempotency_key=form.key())
        except ReferralError as refused:
            if refused.code == "not_found":
                raise
            for field, message in refused.fields.items():
                form.add_error(field if field in form.fields else None, message)
            if not refused.fields:
                messages.error(request, refused.message)
        else:
            sent = placement.recipients.count()
            if getattr(placement, "replayed", False):
                messages.info(request, _("This placement was already sent; here it is."))
            else:
                messages.success(
                    request,
                    _("Placement sent to %(n)s services. The first to accept gets it.") % {"n": sent},
                )
            return redirect("referrals:operations:placement", operation.pk, placement.pk)
    return render(
        request,
        "referrals/operations/place.html",
        {"operation": operation, "form": form, "active": active},
    )


def _placement(request, operation_id, placement_id) -> Referral:
    """A placement of this operation, for its advocate, the operation's coordinator or a coalition admin."""
    placement = (
        Referral.objects.select_related("operation")
        .filter(pk=placement_id, operation_id=operation_id, operation__isnull=False)
        .first()
    )
    actor = request.actor
    if placement is None or not (
        actor.is_admin or placement.advocate_id == actor.user.pk or ops.can_coordinate(actor, placement.operation)
    ):
        raise Http404
    return placement


@member_view(*Role.values)
def placement_detail(request, operation_id, placement_id):
    """Where a placement stands (who has it, who accepted), and for a client under 18 the juvenile checklist."""
    placement = _placement(request, operation_id, placement_id)
    operation = placement.operation
    recipients = list(placement.recipients.select_related("service", "organization").order_by("sent_at", "pk"))
    request.caller.record("referral.read", [placement.pk])
    accepted = next((r for r in recipients if r.status in (RecipientStatus.ACCEPTED, RecipientStatus.COMPLETED)), None)
    waiting = sum(1 for r in recipients if r.status in (RecipientStatus.SENT, RecipientStatus.VIEWED))
    steps = []
    if placement.age is not None and placement.age < 18:
        steps = [{"step": step, "check": check} for step, check in ops.juvenile_checklist(request.caller, placement.pk)]
    live = accepted is None and operation.status == OperationStatus.ACTIVE
    context = {
        "operation": operation,
        "referral": placement,
        "recipients": recipients,
        "accepted": accepted,
        "waiting": waiting,
        "juvenile_steps": steps,
        "can_tick": True,
        "show_timeline_link": request.actor.is_admin or placement.advocate_id == request.user.pk,
        **_refresh_context(request, live),
    }
    return _with_refresh(request, render(request, "referrals/operations/placement.html", context), live)


@require_POST
@member_view(*Role.values)
def juvenile_step(request, operation_id, placement_id, step_id):
    placement = _placement(request, operation_id, placement_id)
    try:
        ops.complete_juvenile_step(request.caller, placement.pk, step_id)
    except ReferralError as refused:
        if refused.code == "not_found":
            raise
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Step recorded."))
    return redirect("referrals:operations:placement", operation_id, placement.pk)


# --- Providers: standby ----------------------------------------------------------------------------------


def _own_services(actor) -> list:
    org = OrganizationPage.objects.filter(pk=actor.organization_id).first()
    if org is None:
        return []
    return list(ServicePage.objects.child_of(org).live().order_by("title").prefetch_related("needs"))


@member_view(Role.PROVIDER)
def standby(request, operation_id):
    """A provider holds places of its services for the operation's window, and releases them."""
    operation = ops.get_operation(request.caller, operation_id)
    services = _own_services(request.actor)
    can_hold = operation.status != OperationStatus.CLOSED
    form = HoldForm(request.POST or None, services=services)
    if request.method == "POST" and can_hold and form.is_valid():
        data = form.cleaned_data
        try:
            ops.hold_places(
                request.caller,
                operation.pk,
                data["service"],
                data["need"],
                data["places"],
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
            )
        except ReferralError as refused:
            if refused.code == "not_found":
                raise
            for field, message in refused.fields.items():
                form.add_error(HoldForm.ACTION_FIELDS.get(field), message)
            if not refused.fields:
                form.add_error(None, refused.message)
        else:
            messages.success(request, _("Places held."))
            return redirect("referrals:operations:standby", operation.pk)
    holds = Hold.objects.filter(operation=operation, service__in=[s.pk for s in services]).select_related(
        "service", "need", "operation"
    )
    return render(
        request,
        "referrals/operations/standby.html",
        {"operation": operation, "holds": holds, "form": form, "can_hold": can_hold and bool(services)},
    )


@require_POST
@member_view(Role.PROVIDER)
def release_hold(request, operation_id, hold_id):
    operation = ops.get_operation(request.caller, operation_id)
    if not Hold.objects.filter(pk=hold_id, operation=operation).exists():
        raise Http404
    ops.release_hold(request.caller, hold_id)
    messages.success(request, _("Hold released."))
    return redirect("referrals:operations:standby", operation.pk)


# --- The coordinator and coalition admins ----------------------------------------------------------------


@member_view(Role.COALITION_ADMIN, Role.ADVOCATE)
def readiness(request, operation_id):
    """Per need, the places held for the operation (held, taken by accepted placements, free)."""
    operation = ops.coordinated_operation(request.caller, operation_id)
    holds = (
        Hold.objects.filter(operation=operation, released_at=None)
        .select_related("service", "need", "operation")
        .order_by("need__name", "service__title")
    )
    return render(
        request,
        "referrals/operations/readiness.html",
        {"operation": operation, "needs": ops.readiness(operation), "holds": holds},
    )


def age_band_labels() -> dict:
    return {"minors": _("Under 18"), "18-24": _("18-24"), "25+": _("25 and over"), None: _("Not given")}


def outcome_labels() -> dict:
    return {
        "accepted": _("Accepted"),
        "unanswered": _("Waiting for an answer"),
        "declined": _("Declined"),
        "withdrawn": _("Withdrawn"),
    }


def _labelled(rows: list[dict]) -> list[dict]:
    """Board rows with the words a person reads: need names, age band and status in the page's language."""
    needs = {n.code: n.label for n in Need.objects.all()}
    bands, outcomes = age_band_labels(), outcome_labels()
    return [
        {
            **row,
            "need_labels": [str(needs.get(code, code)) for code in row["needs"]],
            "age_band_label": bands.get(row["age_band"], row["age_band"]),
            "status_label": outcomes.get(row["status"], row["status"]),
        }
        for row in rows
    ]


@member_view(Role.COALITION_ADMIN, Role.ADVOCATE)
def board(request, operation_id):
    """The night on one screen: every placement, held and free places per need, alerts; reloads itself."""
    operation, rows = ops.read_board(request.caller, operation_id)
    live = operation.status != OperationStatus.CLOSED
    context = {
        "operation": operation,
        "rows": _labelled(rows),
        "needs": ops.readiness(operation),
        "alerts": list(operation.alerts.select_related("placement")[:20]),  # the client code, no query per alert
        "on_call": operation.on_call.order_by("username"),
        **_refresh_context(request, live),
    }
    return _with_refresh(request, render(request, "referrals/operations/board.html", context), live)


FEWER_THAN_FIVE = "<5"


def _shown(value):
    """A suppressed count in words ("fewer than 5"), any other figure as it is."""
    return _("fewer than 5") if value == FEWER_THAN_FIVE else value


def _report_context(figures: dict) -> dict:
    needs = {n.code: str(n.label) for n in Need.objects.all()}
    languages = {lang.code: str(lang.label) for lang in Language.objects.all()}
    bands = age_band_labels()

    def rows(counts: dict, labels: dict) -> list:
        return [(labels.get(code, code), _shown(value)) for code, value in counts.items()]

    outcome_words = {
        "placements": _("Placements"),
        "accepted": _("Accepted"),
        "declined": _("Declined"),
        "withdrawn": _("Withdrawn"),
        "unanswered": _("Unanswered"),
    }
    reasons = {"capacity": _("No capacity"), "eligibility": _("Not eligible"), "other": _("Other reasons")}
    by_band = rows(figures["by_age_band"], bands) + [(bands[None], _shown(figures.get("age_not_given", 0)))]
    return {
        "outcomes": [(label, _shown(figures[key])) for key, label in outcome_words.items()],
        "sections": [
            {
                "title": _("Declines by reason"),
                "item": _("Reason"),
                "value": _("Answers"),
                "rows": rows(figures["declined_for"], reasons),
            },
            {
                "title": _("By need"),
                "item": _("Need"),
                "value": _("Placements"),
                "rows": rows(figures["by_need"], needs),
            },
            {"title": _("By age band"), "item": _("Age band"), "value": _("Placements"), "rows": by_band},
            {
                "title": _("Languages needed"),
                "item": _("Language"),
                "value": _("Placements"),
                "rows": rows(figures["languages_needed"], languages),
            },
            {
                "title": _("Languages needed and not met"),
                "item": _("Language"),
                "value": _("Placements"),
                "rows": rows(figures["languages_not_met"], languages),
            },
        ],
    }


@member_view(Role.COALITION_ADMIN, Role.ADVOCATE)
def report(request, operation_id):
    """The anonymous after-action report: live while the operation runs, final once closed; prints cleanly."""
    operation, figures = ops.read_report(request.caller, operation_id)
    return render(
        request,
        "referrals/operations/report.html",
        {
            "operation": operation,
            "report": figures,
            "final": figures["final"],
            "generated_at": parse_datetime(figures["generated_at"]),
            "can_draft_news": request.actor.is_admin,
            **_report_context(figures),
        },
    )


@member_view(Role.COALITION_ADMIN, Role.ADVOCATE)
def report_csv(request, operation_id):
    """The same report as a CSV file (suppressed counts stay "<5")."""
    operation, figures = ops.read_report(request.caller, operation_id)
    response = HttpResponse(reporting.report_csv(figures), content_type="text/csv; charset=utf-8")
    name = slugify(operation.name) or f"operation-{operation.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-report.csv"'
    return response
