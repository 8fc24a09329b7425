from django.urls import include, path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.new_referral, name="new"),
    path("mine/", views.mine, name="mine"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<uuid:recipient_id>/", views.recipient_detail, name="recipient"),
    path("inbox/<uuid:recipient_id>/<slug:action>/", views.recipient_action, name="recipient_action"),
    path("answer/<str:token>/", views.answer_link, name="answer"),
    path("profile/", views.profile, name="profile"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log, name="audit"),
    path("operations/", include("referrals.operations.urls")),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/recipients/<uuid:recipient_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:referral_id>/recipients/<uuid:recipient_id>/message/", views.advocate_message, name="message"),
    path("<uuid:referral_id>/details/", views.save_details, name="details"),
    path("<uuid:referral_id>/releases/", views.add_release, name="add_release"),
    path("<uuid:referral_id>/releases/<uuid:release_id>/revoke/", views.revoke_release, name="revoke_release"),
]
