from django.urls import path

from . import api

urlpatterns = [
    path("referrals/match", api.match_view, name="api_referral_match"),
    path("referrals", api.referrals_view, name="api_referrals"),
    path("referrals/<uuid:referral_id>", api.referral_detail_view, name="api_referral"),
    path("referrals/<uuid:referral_id>/recipients/<uuid:recipient_id>/transition", api.transition_view,
         name="api_referral_transition"),
]
