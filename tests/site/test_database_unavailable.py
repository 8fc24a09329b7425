"""While the database cannot be reached (a restart, a failover) a request fails cleanly: 503 with a short page
or, under /api/, the API's JSON error, and Retry-After; never a traceback, never the request's data."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from search import service


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(service, "search", refuse)
    monkeypatch.setattr(service, "match", refuse)


@pytest.mark.django_db
def test_a_page_answers_503_with_a_short_page(site_tree, database_down):
    response = Client(raise_request_exception=False).get("/search/?q=shelter+95814")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Briefly unavailable" in page and "Traceback" not in page
    assert "5432" not in page and "95814" not in page


@pytest.mark.django_db
def test_the_page_is_in_spanish_under_es(site_tree, database_down):
    response = Client(raise_request_exception=False).get("/es/search/?q=refugio")
    assert response.status_code == 503
    assert "No disponible por un momento" in response.content.decode()


def test_the_api_answers_503_with_its_json_error():
    from django.test import RequestFactory

    from config.errors import server_error

    request = RequestFactory().post("/api/referrals", "{}", "application/json")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        answer = server_error(request)  # Django calls the handler inside its own except block
    assert answer.status_code == 503 and answer["Retry-After"] == "5"
    assert json.loads(answer.content)["error"]["code"] == "unavailable"
    assert "server closed" not in answer.content.decode()


def test_any_other_error_is_still_a_plain_500():
    from django.test import RequestFactory

    from config.errors import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        answer = server_error(RequestFactory().get("/search/"))
    assert answer.status_code == 500
