"""The public, read-only HSDS 3.0 API (settings.HSDS_DIR/schema/openapi.json) under /api/hsds/.

Only published content of published organizations appears. Every response carries an ETag (a repeat
request with If-None-Match gets 304) and may be cached for a minute; CORS is open for these URLs only.

One module per kind of endpoint (`root`, `services`, `organizations`, `taxonomies`), the services' filters
in `filters`, and what every endpoint shares (view wrapper, parameters, paging) in `common`.
"""

from .organizations import organization_detail, organizations
from .root import api_root, openapi, profile
from .services import service_at_location_detail, service_at_locations, service_detail, services
from .taxonomies import taxonomies, taxonomy_detail, taxonomy_term_detail, taxonomy_terms

__all__ = [
    "api_root",
    "openapi",
    "organization_detail",
    "organizations",
    "profile",
    "service_at_location_detail",
    "service_at_locations",
    "service_detail",
    "services",
    "taxonomies",
    "taxonomy_detail",
    "taxonomy_term_detail",
    "taxonomy_terms",
]
