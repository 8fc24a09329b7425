"""A property-based run of the official HSDS OpenAPI document against /api/hsds/ (schemathesis).

The document is the specification's openapi.json as the API serves it at /api/hsds/openapi.json: unchanged
except that its references to the specification's published schema files point at the same files, bundled
(the tests run offline). Requests go to the Django WSGI application in-process, inside the test's database
transaction. Checked: no server errors, JSON where JSON is documented, and every documented response
validates against its schema. Not checked: status codes the document leaves out (it documents only 200;
the API answers 404 for an unknown id and 400 for malformed parameters, as the project's CONTRACT says).
"""

import hypothesis.strategies as st
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
)

from directory.hsds import serialize
from directory.hsds import taxonomies as tx

CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance, response_headers_conformance]
MAX_EXAMPLES = 12


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, sharing the test's connection (as Django's test client does)."""
    from config.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def real_ids(coalition) -> dict[str, list[str]]:
    night, visas, shelter = coalition["night"], coalition["visas"], coalition["shelter"]
    sal = serialize.child_id(night.hsds_id, f"location:{night.locations.get().hsds_id}")
    return {
        "/services/{id}": [str(night.hsds_id), str(visas.hsds_id)],
        "/organizations/{id}": [str(shelter.hsds_id), str(coalition["clinic"].hsds_id)],
        "/service_at_locations/{id}": [sal],
        "/taxonomies/{id}": [tx.taxonomy_id("coalition-need"), tx.taxonomy_id("coalition-intake")],
        "/taxonomy_terms/{id}": [tx.term_id("coalition-need", "medical"), tx.term_id("coalition-intake", "24-7")],
    }


def test_the_api_conforms_to_the_official_openapi_document(coalition, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", wsgi_app)
    schema.config.base_url = "http://localhost/api/hsds"
    known = real_ids(coalition)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {
        "/",
        "/services",
        "/services/{id}",
        "/organizations",
        "/organizations/{id}",
        "/service_at_locations",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }
    statuses = {}
    for operation in operations:
        ids = known.get(operation.path)

        @given(case=operation.as_strategy(), pick=st.one_of(st.none(), st.sampled_from(ids)) if ids else st.none())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case, pick):
            if pick is not None:
                case.path_parameters["id"] = pick  # half the time a real object, to check full bodies too
            response = case.call()
            case.validate_response(response, checks=CHECKS)
            statuses.setdefault(case.operation.path, set()).add(response.status_code)

        run()
    # Every operation answered 200 at least once, so real bodies were checked against the schemas.
    assert {path for path, codes in statuses.items() if 200 in codes} == {op.path for op in operations}
