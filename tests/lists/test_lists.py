"""Resource lists: collected in the browser, printed, shared by a link that expires (with a QR code and a
text version under 480 characters), texted through the SMS backend; nothing about the visitor stored."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.models import Location
from lists.models import SharedList
from lists.sms import LocmemSMSBackend
from lists.views import TEXT_LIMIT, plain_text
from tests.factories import make_organization, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_services(site_tree):
    hidden = make_organization(
        title="Harbor Refuge",
        phone="916-555-0142",
        locations=[
            Location(name="Shelter", address_1="12 Hidden Lane", postal_code="95817", confidential_address=True)
        ],
    )
    shelter = make_service(hidden, title="Night Shelter", needs=["emergency-shelter"], intake_24_7=True)
    clinic = make_service(
        make_organization(title="Open Door", phone="916-555-0100"),
        title="Walk-in Clinic",
        needs=["medical"],
        schedules=[(0, "09:00", "17:00")],
    )
    return shelter, clinic


def share(client, *services):
    ids = ",".join([*(str(s.hsds_id) for s in services), "not-an-id"])
    response = client.post("/list/share/", {"ids": ids})
    assert response.status_code == 302
    return response["Location"]


def test_a_shared_list_shows_what_a_printout_needs_and_expires_in_30_days(client, two_services):
    shelter, clinic = two_services
    url = share(client, shelter, clinic)
    shared = SharedList.objects.get()
    assert shared.service_ids == [str(shelter.hsds_id), str(clinic.hsds_id)]
    assert timedelta(days=29, hours=23) < shared.expires_at - timezone.now() <= timedelta(days=30)
    assert url == f"/list/s/{shared.token}/" and len(shared.token) >= 16
    html = client.get(url).content.decode()  # a new visitor, no account
    assert "Night Shelter" in html and "Walk-in Clinic" in html
    assert 'href="tel:916-555-0142"' in html and "Confidential location, call first." in html
    assert "Hidden Lane" not in html
    assert "Open 24 hours a day" in html and "Monday 09:00" in html
    assert "<svg" in html and "QR code of this link" in html
    assert "no-store" in client.get(url)["Cache-Control"]


def test_the_text_version_is_short_enough_to_text(client, two_services):
    url = share(client, *two_services)
    text = client.get(url).context["text"]
    assert len(text) < TEXT_LIMIT
    assert "Night Shelter 916-555-0142" in text and text.endswith(url)
    many = [
        type("S", (), {"title": f"A rather long service name number {i}", "phone": "916-555-0100"})() for i in range(40)
    ]
    long_text = plain_text(many, "http://127.0.0.1:8000/list/s/abcdefghijklmnop/", timezone.now())
    assert len(long_text) < TEXT_LIMIT and "more at the link" in long_text


def test_an_expired_link_is_gone(client, two_services):
    url = share(client, *two_services)
    SharedList.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(url).status_code == 404
    assert not SharedList.objects.exists()


def test_text_this_list_goes_through_the_sms_backend_and_keeps_no_number(client, two_services, caplog):
    LocmemSMSBackend.outbox.clear()
    url = share(client, *two_services)
    with caplog.at_level(logging.DEBUG):
        response = client.post(url + "text/", {"phone": "(916) 555-0199"})
    assert response.status_code == 200 and "Sent. The number was not saved." in response.content.decode()
    assert LocmemSMSBackend.outbox == [("9165550199", response.context["text"])]
    assert "0199" not in caplog.text
    assert list(SharedList.objects.values_list("service_ids", flat=True)) == [[str(s.hsds_id) for s in two_services]]
    bad = client.post(url + "text/", {"phone": "12"})
    assert bad.status_code == 400 and "Enter a US phone number of 10 digits." in bad.content.decode()
    for _ in range(4):
        client.post(url + "text/", {"phone": "9165550199"})
    assert client.post(url + "text/", {"phone": "9165550199"}).status_code == 429


def test_my_list_page_is_the_same_for_everyone_and_items_come_by_post(client, two_services):
    first, second = client.get("/list/"), client.get("/es/list/")
    assert first.status_code == 200 and not first.cookies
    assert client.get("/list/").content == first.content
    assert "Mi lista" in second.content.decode()
    shelter, _clinic = two_services
    items = client.post("/list/items/", {"ids": str(shelter.hsds_id)}).content.decode()
    assert "Night Shelter" in items and "Walk-in Clinic" not in items
    assert client.get("/list/items/").status_code == 405
    assert client.post("/list/share/", {"ids": "nothing"}).status_code == 302
    assert not SharedList.objects.exists()


def test_expired_lists_are_purged_daily(client, two_services):
    from django.core.management import call_command

    share(client, *two_services)
    share(client, two_services[0])
    SharedList.objects.filter(pk=SharedList.objects.order_by("pk").first().pk).update(expires_at=timezone.now())
    call_command("purge_shared_lists")
    assert SharedList.objects.count() == 1
