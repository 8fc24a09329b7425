from django.urls import path

from . import api
from .operations import api as operations_api

urlpatterns = [
    path("referrals/match", api.match_view, name="api_referral_match"),
    path("referrals", api.referrals_view, name="api_referrals"),
    path("referrals/<uuid:referral_id>", api.referral_detail_view, name="api_referral"),
    path(
        "referrals/<uuid:referral_id>/recipients/<uuid:recipient_id>/transition",
        api.transition_view,
        name="api_referral_transition",
    ),
    path("referrals/<uuid:referral_id>/pii", api.pii_view, name="api_referral_pii"),
    path("referrals/<uuid:referral_id>/releases", api.releases_view, name="api_referral_releases"),
    path(
        "referrals/<uuid:referral_id>/releases/<uuid:release_id>/revoke",
        api.release_revoke_view,
        name="api_referral_release_revoke",
    ),
    path("operations", operations_api.operations_view, name="api_operations"),
    path("operations/<str:operation_id>/placements", operations_api.placements_view, name="api_operation_placements"),
    path("operations/<str:operation_id>/report", operations_api.report_view, name="api_operation_report"),
]
