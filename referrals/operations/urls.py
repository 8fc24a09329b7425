"""The operations' screens, under /referrals/operations/ (namespace referrals:operations)."""

from django.urls import path

from . import views

app_name = "operations"

urlpatterns = [
    path("", views.operation_list, name="list"),
    path("<int:operation_id>/place/", views.place, name="place"),
    path("<int:operation_id>/placements/<uuid:placement_id>/", views.placement_detail, name="placement"),
    path(
        "<int:operation_id>/placements/<uuid:placement_id>/juvenile/<int:step_id>/",
        views.juvenile_step,
        name="juvenile_step",
    ),
    path("<int:operation_id>/standby/", views.standby, name="standby"),
    path("<int:operation_id>/standby/holds/<int:hold_id>/release/", views.release_hold, name="release_hold"),
    path("<int:operation_id>/readiness/", views.readiness, name="readiness"),
    path("<int:operation_id>/board/", views.board, name="board"),
    path("<int:operation_id>/report/", views.report, name="report"),
    path("<int:operation_id>/report.csv", views.report_csv, name="report_csv"),
]
