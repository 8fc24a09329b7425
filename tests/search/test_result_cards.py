"""Result cards are kept per process (search/views.py result_cards): a card must follow every change of what it
shows, in the visitor's language, and be drawn from its result alone."""

import pytest
from django.utils import translation

from search.views import CARD_FIELDS, result_cards
from tests.factories import committed, make_organization, make_service

pytestmark = pytest.mark.django_db


def result(**changes):
    fields = {
        "service_id": "11111111-1111-1111-1111-111111111111",
        "url": "/directory/harbor-house/harbor-shelter/",
        "title": "Harbor Shelter",
        "organization_name": "Harbor House",
        "summary": "Beds tonight.",
        "intake_24_7": False,
        "open_now": True,
        "accepting_referrals": True,
        "distance_miles": 2.5,
        "needs": ["Emergency shelter"],
        "cities": ["Sacramento"],
        "languages": ["English", "Spanish"],
        "page_id": 7,  # not shown on a card
    }
    return {**fields, **changes}


def test_a_card_follows_every_field_it_shows():
    [first] = result_cards([result()])
    assert "Harbor Shelter" in first and "Open now" in first and "2.5 miles away" in first
    changed = {
        "title": "Harbor Night Shelter",
        "organization_name": "Harbor Home",
        "summary": "Beds and meals.",
        "open_now": False,
        "accepting_referrals": False,
        "distance_miles": 4.0,
        "needs": ["Food"],
        "cities": ["Elk Grove"],
        "languages": ["Tagalog"],
        "url": "/directory/harbor-house/night/",
        "service_id": "22222222-2222-2222-2222-222222222222",
    }
    shown = {
        "title": "Harbor Night Shelter",
        "organization_name": "Harbor Home",
        "summary": "Beds and meals.",
        "open_now": "Closed now",
        "accepting_referrals": "Not taking referrals now",
        "distance_miles": "4.0 miles away",
        "needs": "Food",
        "cities": "Elk Grove",
        "languages": "Tagalog",
        "url": 'href="/directory/harbor-house/night/"',
        "service_id": 'data-list-toggle="22222222-2222-2222-2222-222222222222"',
    }
    assert set(changed) - {"distance_miles"} | {"intake_24_7"} == set(CARD_FIELDS)
    for field, value in changed.items():
        [card] = result_cards([result(**{field: value})])
        assert shown[field] in card, field
        assert shown[field] not in first, field
    [always_open] = result_cards([result(intake_24_7=True)])
    assert "Open 24/7" in always_open and "Open 24/7" not in first
    [again] = result_cards([result()])
    assert again == first
    [far_away] = result_cards([result(distance_miles=None)])
    assert "miles away" not in far_away and far_away.replace("Open now", "") == first.replace(
        '<span class="badge">2.5 miles away</span>', ""
    ).replace("Open now", "")


def test_no_kept_card_holds_a_distance_measured_from_a_typed_zip(monkeypatch):
    import search.views

    kept = []  # what the per-process memo (search.views._card) is given to keep

    def recording(*key):
        card = keeper(*key)
        kept.append(card)
        return card

    keeper = search.views._card
    monkeypatch.setattr(search.views, "_card", recording)
    [shown] = result_cards([result(distance_miles=3.7, title="Far Shelter")])
    assert "3.7 miles away" in shown
    assert len(kept) == 1 and "Far Shelter" in kept[0]
    assert "3.7" not in kept[0] and "miles away" not in kept[0]


def test_a_card_is_in_the_visitors_language_and_escapes_what_it_shows():
    with translation.override("es"):
        [spanish] = result_cards([result()])
    [english] = result_cards([result(title="<b>Harbor</b>")])
    assert "Abierto ahora" in spanish and "2,5 millas" in spanish
    assert "Open now" not in spanish
    assert "&lt;b&gt;Harbor&lt;/b&gt;" in english and "<b>Harbor</b>" not in english


def test_the_search_page_shows_a_changed_title_at_once(site_tree, settings, client):
    settings.ELASTICSEARCH_URL = ""
    service = make_service(make_organization(title="Harbor House"), title="Harbor Shelter", needs=["emergency-shelter"])
    assert "Harbor Shelter" in client.get("/search/", {"need": "emergency-shelter"}).content.decode()
    service.title = "Harbor Night Shelter"
    with committed():
        service.save_revision().publish()
    body = client.get("/search/", {"need": "emergency-shelter"}).content.decode()
    assert "Harbor Night Shelter" in body
