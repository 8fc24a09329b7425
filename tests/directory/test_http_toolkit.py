"""The shared HTTP toolkit (directory/http.py): one envelope, one UUID parser, one int/bool parameter parser and
one bounded JSON body reader."""

import json
import uuid

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from directory.http import (
    BadInput,
    bool_param,
    client_address,
    error_response,
    int_param,
    json_depth,
    parse_uuid,
    parse_uuids,
    read_json,
)


def test_the_error_envelope_always_has_code_message_and_fields():
    body = json.loads(error_response(400, "invalid", "Bad.").content)
    assert body == {"error": {"code": "invalid", "message": "Bad.", "fields": {}}}
    body = json.loads(error_response(404, "not_found", "No.", {"id": "Unknown."}).content)
    assert body["error"]["fields"] == {"id": "Unknown."}


def test_uuids_are_parsed_or_refused_whatever_the_type():
    value = uuid.uuid4()
    assert parse_uuid(str(value)) == value and parse_uuid(value) == value
    for junk in ("nope", "", None, 7, ["x"], {"a": 1}):
        assert parse_uuid(junk) is None
    assert parse_uuids([str(value)]) == [value]
    assert parse_uuids([str(value), 3]) is None and parse_uuids("abc") is None and parse_uuids([]) == []


def test_integer_and_boolean_parameters():
    params = QueryDict("per_page=20&page=x&low=0&high=900&flag=yes&bad=maybe&off=0")
    assert int_param(params, "per_page", 50) == 20
    assert int_param(params, "missing", 50) == 50
    for name, kwargs in (("page", {}), ("low", {"minimum": 1}), ("high", {"maximum": 500})):
        with pytest.raises(BadInput) as refused:
            int_param(params, name, 1, **kwargs)
        assert refused.value.status == 400 and name in refused.value.fields
    assert bool_param(params, "flag") is True and bool_param(params, "off") is False
    assert bool_param(params, "missing", default=True) is True
    with pytest.raises(BadInput):
        bool_param(params, "bad")


def test_depth_is_counted_without_parsing_and_ignores_brackets_in_strings():
    assert json_depth('{"a": [1, {"b": 2}]}') == 3
    assert json_depth('{"a": "[[[[[[[[[[\\"]]]"}') == 1
    assert json_depth("[" * 10_000) == 10_000


@pytest.mark.parametrize(
    "raw, status, code",
    [
        ("[" * 50 + "]" * 50, 400, "invalid_json"),
        ("[1]", 400, "invalid_json"),
        ("{bad", 400, "invalid_json"),
        (b"\xff", 400, "invalid_json"),
        ('{"a": "' + "x" * 2000 + '"}', 413, "too_large"),
    ],
)
def test_the_body_reader_refuses_what_it_cannot_use(raw, status, code):
    request = RequestFactory().post("/", data=raw, content_type="application/json")
    with pytest.raises(BadInput) as refused:
        read_json(request, max_bytes=1000, max_depth=5)
    assert (refused.value.status, refused.value.code) == (status, code)


def test_the_body_reader_returns_objects_and_treats_an_empty_body_as_empty():
    factory = RequestFactory()
    assert read_json(factory.post("/", data='{"a": [1]}', content_type="application/json")) == {"a": [1]}
    assert read_json(factory.post("/", data="", content_type="application/json")) == {}
    assert read_json(factory.post("/", data="[1]", content_type="application/json"), want_object=False) == [1]


# --- The client's address behind proxies -------------------------------------------------------------------


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_address_ignores_x_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("127.0.0.1", "203.0.113.7")) == "127.0.0.1"


def test_client_address_reads_x_forwarded_for_only_from_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_address(_request("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    # Right to left: trusted hops (a load balancer on 10.x, then nginx on loopback) are skipped.
    assert client_address(_request("127.0.0.1", "192.0.2.1, 203.0.113.7, 10.1.2.3")) == "203.0.113.7"
    # An untrusted sender's header is ignored altogether.
    assert client_address(_request("198.51.100.9", "203.0.113.7")) == "198.51.100.9"
    # No header, or garbage nearest to us: the proxy's own address, never the garbage.
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", "203.0.113.7, not-an-ip")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", "::1, 2001:db8::5")) == "2001:db8::5"
