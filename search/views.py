"""The public search page. A plain GET form: works without JavaScript, keeps no history (the terms are
neither logged nor stored, and the page never touches the session)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from directory.http import carries_typed_input
from directory.maps import points_json, row_points
from directory.models import Language, Location, Need, Population, ServicePage
from directory.models.vocabularies import term_label, term_labels

from . import service

RADIUS_CHOICES = [5, 10, 25, 50, 100]
# Ten results a page: on a phone the first screen holds two or three, and a shorter page loads faster on a
# slow connection (and costs the server half the rendering of twenty).
RESULTS_PER_PAGE = 10
SORT_CHOICES = [("relevance", _("Best match")), ("distance", _("Nearest first"))]


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _options(model, counts, selected):
    """Checkbox rows for one facet: options with results, plus any ticked option (count 0), in the
    vocabulary's order (its labels are kept by each process: no query)."""
    found = {code: count for code, _label, count in counts}
    return [
        {"code": code, "label": term_label(names), "count": found.get(code, 0), "checked": code in selected}
        for code, names in term_labels(model).items()
        if code in found or code in selected
    ]


@require_GET
def search_page(request):
    params = request.GET
    text = params.get("q", "").strip()[:200]
    needs = params.getlist("need")
    languages = params.getlist("language")
    populations = params.getlist("population")
    open_now = params.get("open_now") == "1"
    intake_24_7 = params.get("intake_24_7") == "1"
    postal_code = params.get("zip", "").strip()[:10]
    radius = _int(params.get("radius"), None)
    radius = radius if radius in RADIUS_CHOICES else None
    sort = params.get("sort", "relevance")
    page = max(1, _int(params.get("page"), 1))
    searched = any([text, needs, languages, populations, open_now, intake_24_7, postal_code])

    results = service.search(
        text,
        needs=needs,
        languages=languages,
        populations=populations,
        open_now=open_now,
        intake_24_7=intake_24_7,
        postal_code=postal_code or None,
        radius_miles=radius,
        sort=sort,
        page=page,
        per_page=RESULTS_PER_PAGE,
    )
    kept = [(k, v) for k, values in params.lists() if k != "page" for v in values if v]
    base_query = urlencode(kept)
    # An unknown ZIP: said beside the field, and no list that claims an order it does not have.
    zip_error = "postal_code" in results.errors
    without_zip = [(k, v) for k, v in kept if k not in ("zip", "radius") and not (k == "sort" and v == "distance")]
    where = [(k, v) for k, v in (("q", text), ("zip", postal_code), ("radius", radius or "")) if v]
    active_filters = len(needs) + len(languages) + len(populations) + open_now + intake_24_7
    context = {
        "text": text,
        "results": results,
        "searched": searched,
        "postal_code": postal_code,
        "radius": radius,
        "radius_choices": RADIUS_CHOICES,
        "sort": sort if sort in dict(SORT_CHOICES) else "relevance",
        "sort_choices": SORT_CHOICES,
        "open_now": open_now,
        "intake_24_7": intake_24_7,
        "need_options": _options(Need, results.facets["needs"], needs),
        "language_options": _options(Language, results.facets["languages"], languages),
        "population_options": _options(Population, results.facets["populations"], populations),
        "open_now_count": results.facets["open_now"][0][2],
        "intake_count": results.facets["intake_24_7"][0][2],
        "filtered": bool(active_filters),
        "active_filters": active_filters,
        "zip_error": zip_error,
        "without_zip_url": f"?{urlencode(without_zip)}#results",
        "previous_url": f"?{base_query}&page={results.page - 1}#results" if results.has_previous else "",
        "next_url": f"?{base_query}&page={results.page + 1}#results" if results.has_next else "",
        "clear_filters_url": f"?{urlencode(where)}#results",
        "popular_needs": Need.objects.all()[:6],
    }
    context["map_points"] = "" if zip_error else points_json(results_map_points(results.results))
    response = render(request, "search/search.html", context)
    if carries_typed_input(params):
        # The page shows what was typed (words, ZIP code): no cache keeps it, neither ours (the public page
        # cache stores no "no-store" response) nor the browser's on a shared phone. Filters alone are cached.
        add_never_cache_headers(response)
    return response


def results_map_points(results: list[dict]) -> list[dict]:
    """The map of this page of results, from the live locations, never the index: the index follows a publish
    a moment later, and a location just made confidential must not show its exact point meanwhile (it is never
    more precise than its ZIP code's centre). One query, plain rows."""
    rows = (
        ServicePage.locations.through.objects.filter(servicepage_id__in=[r["page_id"] for r in results])
        .order_by("location__sort_order", "location_id")
        .values_list("servicepage_id", *(f"location__{field}" for field in Location.PUBLIC_POINT_FIELDS))
    )
    by_page: dict[int, list] = {}
    for page_id, *fields in rows:
        by_page.setdefault(page_id, []).append(fields)
    return [point for r in results for point in row_points(r["title"], r["url"], by_page.get(r["page_id"], []))]


@csrf_exempt  # reads public names only and changes nothing; no cookie is read or set
@require_POST
@never_cache
def suggest_names(request):
    """Type-ahead for the search box: names of services and organizations starting with what was typed.

    A POST, so what was typed travels in the body and never in a URL (not in the history, not in any
    access log); the answer is not cached or stored anywhere, and nothing about it is logged.
    """
    prefix = request.POST.get("q", "").strip()[:60]
    names = service.suggest(prefix) if len(prefix) >= 2 else []
    return JsonResponse({"suggestions": names})
