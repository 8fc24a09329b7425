"""/taxonomies and /taxonomy_terms: the coalition profile's vocabularies (directory/hsds/taxonomies.py)."""

from django.http import JsonResponse

from .. import taxonomies as tx
from .common import api_view, as_uuid, bool_query, not_found, paginate


def _search_terms(request, items, fields):
    text = (request.GET.get("search") or "").strip().lower()
    if not text:
        return items
    return [item for item in items if any(text in str(item.get(f, "")).lower() for f in fields)]


@api_view
def taxonomies(request):
    items = [t.as_hsds() for t in tx.taxonomies().values()]
    return paginate(request, _search_terms(request, items, ("name", "description")), lambda t: t)


@api_view
def taxonomy_detail(request, taxonomy_id):
    for t in tx.taxonomies().values():
        if t.id == as_uuid(taxonomy_id):
            return JsonResponse(t.as_hsds())
    return not_found("taxonomy")


@api_view
def taxonomy_terms(request):
    items = _search_terms(request, tx.all_terms(), ("code", "name", "description"))
    taxonomy = request.GET.get("taxonomy_id")
    if taxonomy not in (None, ""):
        items = [t for t in items if t["taxonomy_id"] == as_uuid(taxonomy)]
    bool_query(request, "top_only")  # every term of the profile is a top-level term
    if request.GET.get("parent_id") not in (None, ""):
        items = []  # ... so none has a parent
    return paginate(request, items, lambda t: t)


@api_view
def taxonomy_term_detail(request, term_id):
    wanted = as_uuid(term_id)
    for term in tx.all_terms():
        if term["id"] == wanted:
            return JsonResponse(term)
    return not_found("taxonomy term")
