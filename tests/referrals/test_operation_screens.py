"""The operations' screens (issue 16): who sees what, and what each screen lets a person do.

A placement form for phones (presets, no name, idempotent), standby holds, the readiness board, the coordinator's
board (refreshing itself without JavaScript), a placement's juvenile checklist, the after-action report (live,
final, CSV, news draft) and the links to them. Access follows CONTRACT §4: anonymous → sign-in, a signed-in
person without a membership → 403, an operation or placement the member may not see → 404.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from referrals.members import add_member
from referrals.models import AuditEvent, RecipientStatus, Referral
from referrals.operations.models import Hold, JuvenileCheck, JuvenileStep, Operation, OperationAlert

from .conftest import make_referral


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_operation(coalition, *, starts=-1, ends=5, closed=False, **fields) -> Operation:
    """An operation around now (hours from now), with the shelter's organization taking part."""
    now = timezone.now()
    operation = Operation.objects.create(
        name=fields.pop("name", "Operation: Hot Spots"),
        starts_at=now + timedelta(hours=starts),
        ends_at=now + timedelta(hours=ends),
        postal_codes=["95814"],
        closed_at=now if closed else None,
        **fields,
    )
    operation.organizations.set([coalition.shelter_org])
    return operation


@pytest.fixture
def coordinator(coalition):
    user, _ = add_member("cole", "cole@referring.example", "advocate", coalition.referring_org)
    return user


@pytest.fixture
def operation(coalition, coordinator):
    operation = make_operation(coalition, coordinator=coordinator)
    operation.on_call.set([coalition.advocate])
    return operation


def placement_url(operation):
    return f"/referrals/operations/{operation.pk}/place/"


def file_placement(coalition, operation, age=30, **facts):
    """A placement of `operation` from the coalition's advocate, through the form."""
    data = {"presets": ["shelter-tonight"], "age": str(age), "idempotency_key": f"key-{age}-{len(facts)}", **facts}
    response = web(coalition.advocate).post(placement_url(operation), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Referral.objects.get(idempotency_key=data["idempotency_key"])


# --- 1. The placement form ---------------------------------------------------------------------------------


def test_the_placement_form_offers_one_tap_presets_a_hidden_key_and_no_name_field(coalition, operation):
    response = web(coalition.advocate).get(placement_url(operation))
    assert response.status_code == 200
    page = response.content.decode()
    for preset in ("Shelter tonight", "Crisis line", "Medical", "Youth"):
        assert preset in page
    assert 'type="hidden" name="idempotency_key"' in page
    assert 'name="name"' not in page and 'name="phone"' not in page
    assert "Operation: Hot Spots" in page


def test_a_preset_files_a_first_accept_placement_to_the_matching_services(coalition, operation):
    response = web(coalition.advocate).post(
        placement_url(operation), {"presets": ["shelter-tonight"], "age": "30", "idempotency_key": "k1"}
    )
    placement = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/operations/{operation.pk}/placements/{placement.pk}/"
    assert placement.operation_id == operation.pk and placement.mode == "first_accept"
    assert [n.code for n in placement.needs.all()] == ["emergency-shelter"]
    assert [r.service_id for r in placement.recipients.all()] == [coalition.shelter.pk]
    page = web(coalition.advocate).get(response["Location"]).content.decode()
    assert placement.client_code in page and coalition.shelter.title in page


def test_a_form_sent_twice_makes_one_placement(coalition, operation):
    client = web(coalition.advocate)
    data = {"presets": ["shelter-tonight"], "age": "30", "idempotency_key": "flaky-signal-1"}
    first = client.post(placement_url(operation), data)
    second = client.post(placement_url(operation), data)
    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_each_fresh_form_carries_its_own_key(coalition, operation):
    client = web(coalition.advocate)
    keys = set()
    for _ in range(2):
        page = client.get(placement_url(operation)).content.decode()
        start = page.index('name="idempotency_key" value="') + len('name="idempotency_key" value="')
        keys.add(page[start : page.index('"', start)])
    assert len(keys) == 2 and all(len(k) >= 16 for k in keys)


def test_a_placement_without_any_need_is_refused_on_the_form(coalition, operation):
    response = web(coalition.advocate).post(placement_url(operation), {"age": "30", "idempotency_key": "k"})
    assert response.status_code == 200
    assert "Tap a quick need or choose another need." in response.content.decode()
    assert not Referral.objects.exists()


def test_outside_the_window_the_form_says_so_and_files_nothing(coalition, coordinator):
    planned = make_operation(coalition, starts=2, ends=6, coordinator=coordinator)
    client = web(coalition.advocate)
    page = client.get(placement_url(planned)).content.decode()
    assert "not active" in page and "Send placement" not in page
    response = client.post(placement_url(planned), {"presets": ["medical"], "idempotency_key": "k"})
    assert response.status_code == 200 and not Referral.objects.exists()


def test_only_advocates_file_placements(coalition, operation):
    assert web(coalition.provider).get(placement_url(operation)).status_code == 403
    assert web(coalition.admin).get(placement_url(operation)).status_code == 403
    assert web(coalition.stranger).get(placement_url(operation)).status_code == 403
    anonymous = Client().get(placement_url(operation))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert web(coalition.advocate).get("/referrals/operations/999999/place/").status_code == 404


# --- 2. Standby ------------------------------------------------------------------------------------------


def standby_url(operation):
    return f"/referrals/operations/{operation.pk}/standby/"


def test_a_planned_operation_shows_in_the_inbox_of_a_participating_provider_only(coalition, coordinator):
    planned = make_operation(coalition, starts=3, ends=11, coordinator=coordinator, name="Operation: Night Watch")
    inbox = web(coalition.provider).get("/referrals/inbox/").content.decode()
    assert "Operation: Night Watch" in inbox and standby_url(planned) in inbox
    assert "Operation: Night Watch" not in web(coalition.other_provider).get("/referrals/inbox/").content.decode()
    assert web(coalition.other_provider).get(standby_url(planned)).status_code == 404


def test_a_provider_holds_places_for_the_window_and_releases_them(coalition, coordinator):
    planned = make_operation(coalition, starts=3, ends=11, coordinator=coordinator)
    client = web(coalition.provider)
    response = client.post(
        standby_url(planned),
        {"service": str(coalition.shelter.hsds_id), "need": "emergency-shelter", "places": "2"},
    )
    assert response.status_code == 302
    hold = Hold.objects.get()
    assert (hold.service_id, hold.need.code, hold.places, hold.released_at) == (
        coalition.shelter.pk,
        "emergency-shelter",
        2,
        None,
    )
    page = client.get(standby_url(planned)).content.decode()
    assert "2 places held for Emergency shelter" in page
    assert client.post(f"{standby_url(planned)}holds/{hold.pk}/release/").status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert "Released" in client.get(standby_url(planned)).content.decode()


def test_a_hold_the_action_refuses_shows_why_on_the_form(coalition, coordinator):
    planned = make_operation(coalition, starts=3, ends=11, coordinator=coordinator)
    response = web(coalition.provider).post(
        standby_url(planned),
        {
            "service": str(coalition.shelter.hsds_id),
            "need": "case-management",
            "places": "2",
            "starts_at": (planned.ends_at + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "Stay within the operation" in response.content.decode()
    assert not Hold.objects.exists()


def test_another_organizations_hold_cannot_be_released(coalition, coordinator, operation):
    hold = Hold.objects.create(
        operation=operation,
        service=coalition.shelter,
        need_id=coalition.shelter.needs.first().pk,
        places=1,
        held_by=coalition.provider,
    )
    response = web(coalition.other_provider).post(f"{standby_url(operation)}holds/{hold.pk}/release/")
    assert response.status_code == 404
    hold.refresh_from_db()
    assert hold.released_at is None


# --- 3 and 4. Readiness and the coordinator's board --------------------------------------------------------


def board_url(operation):
    return f"/referrals/operations/{operation.pk}/board/"


def readiness_url(operation):
    return f"/referrals/operations/{operation.pk}/readiness/"


def hold(coalition, operation, places=2, need="emergency-shelter"):
    from directory.models import Need

    return Hold.objects.create(
        operation=operation,
        service=coalition.shelter,
        need=Need.objects.get(code=need),
        places=places,
        held_by=coalition.provider,
    )


def test_the_readiness_board_counts_held_places_per_need(coalition, coordinator, operation):
    hold(coalition, operation, 2)
    hold(coalition, operation, 3)
    page = web(coordinator).get(readiness_url(operation)).content.decode()
    row = page[page.index('<th scope="row">Emergency shelter</th>') :][:200]
    assert '<td class="num">5</td>' in row


@pytest.mark.parametrize("url", [board_url, readiness_url, lambda op: f"/referrals/operations/{op.pk}/report/"])
def test_the_coordinators_screens_are_for_the_coordinator_and_coalition_admins_only(
    coalition, coordinator, operation, url
):
    assert web(coordinator).get(url(operation)).status_code == 200
    assert web(coalition.admin).get(url(operation)).status_code == 200
    assert web(coalition.advocate).get(url(operation)).status_code == 404  # on call, but not the coordinator
    assert web(coalition.provider).get(url(operation)).status_code == 403  # a provider never coordinates
    assert web(coalition.stranger).get(url(operation)).status_code == 403
    anonymous = Client().get(url(operation))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_board_shows_each_placement_and_refreshes_itself_without_javascript(coalition, coordinator, operation):
    hold(coalition, operation, 2)
    placement = file_placement(coalition, operation, age=16)
    part = placement.recipients.get()
    web(coalition.provider).post(f"/referrals/inbox/{part.pk}/accept/")
    part.refresh_from_db()
    assert part.status == RecipientStatus.ACCEPTED
    OperationAlert.objects.create(operation=operation, placement=placement, kind=OperationAlert.Kind.WIDENED)
    response = web(coordinator).get(board_url(operation))
    assert response["Refresh"] == "30"
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for shown in (placement.client_code, "Under 18", "Emergency shelter", "Accepted", coalition.shelter_org.title):
        assert shown in page
    assert "A placement was unanswered and went to more services" in page
    assert "Held and free places per need" in page and '<td class="num"><strong>1</strong></td>' in page
    assert "ava" in page  # on call
    stopped = web(coordinator).get(board_url(operation) + "?refresh=off")
    assert "Refresh" not in stopped and "Automatic updates are off." in stopped.content.decode()


def test_opening_the_board_records_which_placements_it_showed(coalition, coordinator, operation):
    placement = file_placement(coalition, operation)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    web(coordinator).get(board_url(operation))
    shown = AuditEvent.objects.exclude(pk__in=before)
    assert shown.filter(referral_id=placement.pk, username="cole").exists()


def test_a_closed_operations_board_stops_refreshing(coalition, coordinator):
    closed = make_operation(coalition, starts=-6, ends=-1, coordinator=coordinator)
    response = web(coordinator).get(board_url(closed))
    assert response.status_code == 200 and "Refresh" not in response


# --- 5. The juvenile protocol ----------------------------------------------------------------------------


@pytest.fixture
def steps(coalition):
    return [
        JuvenileStep.objects.create(
            label="Notify the child-welfare liaison", organization=coalition.legal_org, sort_order=1
        ),
        JuvenileStep.objects.create(label="Call the on-call juvenile advocate", sort_order=2),
    ]


def test_a_placement_for_a_minor_shows_the_checklist_and_ticking_records_who_and_when(coalition, operation, steps):
    placement = file_placement(coalition, operation, age=16)
    url = f"/referrals/operations/{operation.pk}/placements/{placement.pk}/"
    client = web(coalition.advocate)
    page = client.get(url).content.decode()
    assert "Juvenile protocol" in page and "Notify the child-welfare liaison" in page
    assert page.count("Mark done") == 2
    response = client.post(f"{url}juvenile/{steps[0].pk}/")
    assert response.status_code == 302 and response["Location"] == url
    check = JuvenileCheck.objects.get()
    assert (check.step_id, check.done_by_id) == (steps[0].pk, coalition.advocate.pk)
    page = client.get(url).content.decode()
    assert "Done by ava" in page and page.count("Mark done") == 1


def test_an_adults_placement_has_no_checklist(coalition, operation, steps):
    placement = file_placement(coalition, operation, age=30)
    page = web(coalition.advocate).get(f"/referrals/operations/{operation.pk}/placements/{placement.pk}/")
    assert "Juvenile protocol" not in page.content.decode()


def test_a_placement_page_is_for_its_advocate_the_coordinator_and_admins(coalition, coordinator, operation):
    placement = file_placement(coalition, operation)
    url = f"/referrals/operations/{operation.pk}/placements/{placement.pk}/"
    for user in (coalition.advocate, coordinator, coalition.admin):
        assert web(user).get(url).status_code == 200
    for user in (coalition.other_advocate, coalition.provider):
        assert web(user).get(url).status_code == 404
    other = make_operation(coalition, name="Another")
    assert (
        web(coalition.advocate).get(f"/referrals/operations/{other.pk}/placements/{placement.pk}/").status_code == 404
    )


# --- 6. The after-action report ------------------------------------------------------------------------


def report_url(operation):
    return f"/referrals/operations/{operation.pk}/report/"


def test_the_report_suppresses_small_counts_and_says_live_or_final(coalition, coordinator, operation):
    file_placement(coalition, operation, age=30)
    page = web(coordinator).get(report_url(operation)).content.decode()
    assert "Live" in page and "fewer than 5" in page
    closed = make_operation(coalition, starts=-8, ends=-2, coordinator=coordinator, name="Past")
    assert "Final" in web(coordinator).get(report_url(closed)).content.decode()


def test_the_report_downloads_as_csv_with_the_same_suppression(coalition, coordinator, operation):
    file_placement(coalition, operation, age=30)
    response = web(coordinator).get(f"/referrals/operations/{operation.pk}/report.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["placements", "placements", "<5"] in rows
    assert web(coalition.advocate).get(f"/referrals/operations/{operation.pk}/report.csv").status_code == 404


def test_only_coalition_admins_get_the_draft_a_news_item_button(coalition, coordinator, operation):
    assert "Draft a news item" in web(coalition.admin).get(report_url(operation)).content.decode()
    page = web(coordinator).get(report_url(operation)).content.decode()
    assert "Download as CSV" in page and "Draft a news item" not in page


def test_the_report_prints_without_the_menus(coalition, coordinator, operation):
    page = web(coordinator).get(report_url(operation)).content.decode()
    assert "css/operations.css" in page
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/operations.css"), encoding="utf-8").read()
    assert "@media print" in css and ".site-header" in css.split("@media print")[1]


# --- 7. Links -----------------------------------------------------------------------------------------


def test_each_role_finds_the_operations_it_may_work_in(coalition, coordinator, operation):
    closed = make_operation(coalition, starts=-9, ends=-3, name="Last spring")
    advocate = web(coalition.advocate).get("/referrals/operations/").content.decode()
    assert "Operation: Hot Spots" in advocate and placement_url(operation) in advocate
    assert "Last spring" not in advocate and board_url(operation) not in advocate
    coordinating = web(coordinator).get("/referrals/operations/").content.decode()
    assert board_url(operation) in coordinating
    provider = web(coalition.provider).get("/referrals/operations/").content.decode()
    assert standby_url(operation) in provider and placement_url(operation) not in provider
    assert "Operation: Hot Spots" not in web(coalition.other_provider).get("/referrals/operations/").content.decode()
    admin = web(coalition.admin).get("/referrals/operations/").content.decode()
    assert "Last spring" in admin and board_url(closed) in admin


def test_the_signed_in_bar_and_the_dashboard_link_to_operations(coalition, operation):
    mine = web(coalition.advocate).get("/referrals/mine/").content.decode()
    assert 'href="/referrals/operations/"' in mine
    dashboard = web(coalition.admin).get("/referrals/dashboard/").content.decode()
    assert board_url(operation) in dashboard


def test_the_screens_speak_spanish(coalition, coordinator, operation):
    client = web(coalition.advocate)
    page = client.get(f"/es/referrals/operations/{operation.pk}/place/").content.decode()
    assert "Refugio esta noche" in page and "Enviar la colocación" in page
    board = web(coordinator).get(f"/es/referrals/operations/{operation.pk}/board/").content.decode()
    assert "Tablero de coordinación" in board


def test_when_no_service_fits_the_form_says_so_and_files_nothing(coalition, operation):
    response = web(coalition.advocate).post(placement_url(operation), {"presets": ["medical"], "idempotency_key": "k"})
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "No service accepting referrals fits" in response.content.decode()


def test_a_referral_outside_any_operation_is_not_on_the_board(coalition, operation):
    make_referral(coalition)
    page = web(coalition.admin).get(board_url(operation)).content.decode()
    assert "No placements yet." in page


def test_the_boards_alerts_read_their_placements_in_a_fixed_number_of_queries(coalition, coordinator, operation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    placement = file_placement(coalition, operation)
    client = web(coordinator)

    def queries():
        with CaptureQueriesContext(connection) as seen:
            assert client.get(board_url(operation)).status_code == 200
        return len(seen)

    OperationAlert.objects.create(operation=operation, placement=placement, kind=OperationAlert.Kind.WIDENED)
    client.get(board_url(operation))  # warm the per-process caches
    one = queries()
    for _ in range(3):
        OperationAlert.objects.create(operation=operation, placement=placement, kind=OperationAlert.Kind.WIDENED)
    assert queries() == one
