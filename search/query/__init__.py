"""Requests and the rules both backends share: validation, filters, ranking, reasons.

A matching request (CONTRACT.md section 2) and a public search are validated into plain request objects
(`requests`). Each backend turns them into its own query; both then filter with `filters`, rank with
`ranking` and explain with `reasons` (`results` puts the three together), all over the plain documents'
facts (`facts`), so the two backends cannot drift apart in what they call a match or in what order.
"""

from .facts import FACT_KEYS, facts_of, is_open_at, nearest_miles, public_points
from .filters import FILTER_CODES, admits, facet_counts, failed_filters, filter_label, search_admits
from .ranking import (
    CAPACITY_WEIGHT,
    FIT_WEIGHT,
    LANGUAGE_WEIGHT,
    NEED_WEIGHT,
    URGENT_WEIGHT,
    age_fit,
    fit_score,
    has_capacity,
    match_score,
    match_sort_key,
    population_fit,
    search_sort_key,
    trafficking_fit,
)
from .reasons import age_range_reason, capacity_reason, label, reasons, round_miles, time_ago
from .requests import (
    CAPACITY_FRESH_SECONDS,
    MATCH_FIELDS,
    MAX_AGE,
    MAX_LIMIT,
    MAX_RADIUS_MILES,
    InvalidRequest,
    MatchRequest,
    Origin,
    SearchRequest,
    geocode_origin,
    minute_for,
    seconds_for,
    validate_match_request,
)
from .results import match_result, rank_matches

__all__ = [
    "age_range_reason",
    "CAPACITY_FRESH_SECONDS",
    "CAPACITY_WEIGHT",
    "FACT_KEYS",
    "FILTER_CODES",
    "FIT_WEIGHT",
    "LANGUAGE_WEIGHT",
    "MATCH_FIELDS",
    "MAX_AGE",
    "MAX_LIMIT",
    "MAX_RADIUS_MILES",
    "NEED_WEIGHT",
    "URGENT_WEIGHT",
    "InvalidRequest",
    "MatchRequest",
    "Origin",
    "SearchRequest",
    "admits",
    "age_fit",
    "capacity_reason",
    "facet_counts",
    "facts_of",
    "failed_filters",
    "filter_label",
    "fit_score",
    "geocode_origin",
    "has_capacity",
    "is_open_at",
    "label",
    "match_result",
    "match_score",
    "match_sort_key",
    "minute_for",
    "nearest_miles",
    "population_fit",
    "public_points",
    "rank_matches",
    "reasons",
    "round_miles",
    "search_admits",
    "search_sort_key",
    "seconds_for",
    "time_ago",
    "trafficking_fit",
    "validate_match_request",
]
