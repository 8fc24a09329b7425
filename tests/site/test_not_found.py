"""Page not found: the site's page in the visitor's language, naming nothing of the address asked for (a shared
list's token, words or a ZIP code in the query), kept by no cache; under /api/, the API's JSON error."""

import pytest

from lists.models import SharedList


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_not_found_page_names_nothing_of_the_address(client, db, prefix):
    token = SharedList.objects.create(service_ids=[]).token + "x"  # a link that is not valid
    response = client.get(f"{prefix}/list/s/{token}/?zip=95814&q=my+sister")
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{prefix[1:] or "en"}">' in body and "<main" in body
    assert token not in body and "95814" not in body and "sister" not in body
    assert 'hreflang="es" href="/es/"' in body and 'hreflang="en" href="/"' in body
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_api_address_answers_the_apis_json_error(client, db):
    response = client.get("/api/hsds/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
