"""The HSDS API answers errors in the project's one envelope: {"error": {"code", "message", "fields"}}."""

import uuid

import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_service_answers_the_one_error_envelope(client):
    response = client.get(f"/api/hsds/services/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "No published service has this id.", "fields": {}}
    }


def test_a_bad_parameter_names_its_field(client):
    response = client.get("/api/hsds/services?page=nonsense")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error) == {"code", "message", "fields"}
    assert "page" in error["fields"]
