"""Public URLs for member upkeep (inside i18n_patterns, before Wagtail's catch-all)."""

from django.urls import path

from . import views

app_name = "directory_members"

urlpatterns = [
    path("listing/<int:page_id>/report-a-problem/", views.report_problem, name="report_problem"),
    path("listing/confirm/<str:token>/", views.confirm_listing_link, name="confirm_listing"),
    path("listing/confirmed/<int:organization_pk>/", views.confirm_listing_done, name="confirm_listing_done"),
]
