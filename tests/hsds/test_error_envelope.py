"""The HSDS API answers errors in the project's one envelope (CONTRACT.md section 4, issue 11 item 6):
{"error": {"code", "message", "fields"}}, `fields` always present, the same as the referral API."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path, params, status, fields",
    [
        ("/api/hsds/services/not-a-uuid", {}, 404, {}),
        ("/api/hsds/organizations/00000000-0000-0000-0000-000000000000", {}, 404, {}),
        ("/api/hsds/services", {"page": "zero"}, 400, {"page"}),
        ("/api/hsds/services", {"per_page": "0"}, 400, {"per_page"}),
        ("/api/hsds/services", {"full": "maybe"}, 400, {"full"}),
        ("/api/hsds/services", {"modified_after": "yesterday"}, 400, {"modified_after"}),
    ],
)
def test_every_error_has_code_message_and_fields(client, path, params, status, fields):
    response = client.get(path, params)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert set(error["fields"]) == set(fields)
    assert error["code"] == ("not_found" if status == 404 else "invalid")
