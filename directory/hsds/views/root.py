"""/api/hsds/ itself, the coalition profile and the OpenAPI document."""

from django.http import JsonResponse
from django.urls import reverse

from .. import serialize
from .. import taxonomies as tx
from .common import api_view


@api_view
def api_root(request):
    return JsonResponse(
        {
            "version": serialize.HSDS_VERSION,
            "profile": request.build_absolute_uri(reverse("hsds:profile")),
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@api_view
def profile(request):
    """The coalition profile: which taxonomies carry which facts (CONTRACT.md section 1)."""
    return JsonResponse(
        {
            "name": "Anti-trafficking coalition profile of HSDS 3.0",
            "description": "Coalition facts travel as service attributes whose taxonomy_term names one of these "
            "taxonomies and a code from its list.",
            "taxonomies": [t.as_hsds() | {"codes": [c for c, _n in t.terms]} for t in tx.taxonomies().values()],
        }
    )


@api_view
def openapi(request):
    from ..schemas import openapi_document

    return JsonResponse(openapi_document())
