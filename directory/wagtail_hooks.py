from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .editors import can_manage_listing, edited_organization_ids, is_reviewer, problem_reports_for
from .models import Language, Need, OrganizationPage, Population, ProblemReport, ServicePage


class NeedViewSet(SnippetViewSet):
    model = Need
    icon = "help"
    list_display = ["name", "code", "name_es"]
    search_fields = ["name", "code"]


class PopulationViewSet(SnippetViewSet):
    model = Population
    icon = "group"
    list_display = ["name", "code", "name_es"]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    list_display = ["name", "code"]


class VocabularyGroup(SnippetViewSetGroup):
    menu_label = "Vocabularies"
    menu_icon = "tag"
    items = (NeedViewSet, PopulationViewSet, LanguageViewSet)


register_snippet(VocabularyGroup)


# --- Member upkeep: availability, confirmation, problem reports, coalition reports -------------------

_report_urls = [
    path("stale/", admin_views.StaleListingsReport.as_view(), name="stale"),
    path("stale/results/", admin_views.StaleListingsReport.as_view(results_only=True), name="stale_results"),
    path("never-verified/", admin_views.NeverVerifiedReport.as_view(), name="never_verified"),
    path(
        "never-verified/results/",
        admin_views.NeverVerifiedReport.as_view(results_only=True),
        name="never_verified_results",
    ),
    path("missing-essentials/", admin_views.MissingEssentialsReport.as_view(), name="missing_essentials"),
    path(
        "missing-essentials/results/",
        admin_views.MissingEssentialsReport.as_view(results_only=True),
        name="missing_essentials_results",
    ),
    path("untranslated/", admin_views.UntranslatedServicesReport.as_view(), name="untranslated"),
    path(
        "untranslated/results/",
        admin_views.UntranslatedServicesReport.as_view(results_only=True),
        name="untranslated_results",
    ),
    path("recent-changes/", admin_views.RecentChangesReport.as_view(), name="recent_changes"),
    path(
        "recent-changes/results/",
        admin_views.RecentChangesReport.as_view(results_only=True),
        name="recent_changes_results",
    ),
]


@hooks.register("register_admin_urls")
def register_member_upkeep_urls():
    return [
        path(
            "directory/services/<int:pk>/availability/",
            admin_views.update_availability_view,
            name="directory_update_availability",
        ),
        path(
            "directory/organizations/<int:pk>/confirm/",
            admin_views.confirm_listing_view,
            name="directory_confirm_listing",
        ),
        path("directory/reports/", include((_report_urls, "directory_reports"))),
    ]


def _upkeep_buttons(page, user):
    specific_class = page.specific_class
    if specific_class is ServicePage:
        if can_manage_listing(user, page.specific.organization):
            yield Button(
                _("Update availability"),
                reverse("directory_update_availability", args=[page.pk]),
                icon_name="tasks",
                priority=12,
            )
    elif specific_class is OrganizationPage:
        if can_manage_listing(user, page.specific):
            yield Button(
                _("Confirm listing is correct"),
                reverse("directory_confirm_listing", args=[page.pk]),
                icon_name="tick",
                priority=13,
            )


@hooks.register("register_page_header_buttons")
def member_upkeep_header_buttons(page, user, view_name=None, next_url=None):
    yield from _upkeep_buttons(page, user)


@hooks.register("register_page_listing_more_buttons")
def member_upkeep_listing_buttons(page, user, next_url=None):
    yield from _upkeep_buttons(page, user)


@hooks.register("register_log_actions")
def register_member_upkeep_log_actions(actions):
    actions.register_action("directory.listing_verified", _("Confirm listing"), _("Listing confirmed as correct"))
    actions.register_action(
        "directory.availability_updated", _("Update availability"), _("Availability updated (without review)")
    )


class _ReviewerReportMenuItem(MenuItem):
    def is_shown(self, request):
        return is_reviewer(request.user) or bool(edited_organization_ids(request.user))


@hooks.register("register_reports_menu_item")
def register_stale_listings_report():
    return _ReviewerReportMenuItem(
        _("Listings out of date"),
        reverse("directory_reports:stale"),
        name="directory-stale",
        icon_name="time",
        order=150,
    )


@hooks.register("register_reports_menu_item")
def register_never_verified_report():
    return _ReviewerReportMenuItem(
        _("Listings never confirmed"),
        reverse("directory_reports:never_verified"),
        name="directory-never-verified",
        icon_name="warning",
        order=151,
    )


@hooks.register("register_reports_menu_item")
def register_missing_essentials_report():
    return _ReviewerReportMenuItem(
        _("Services missing essentials"),
        reverse("directory_reports:missing_essentials"),
        name="directory-missing-essentials",
        icon_name="warning",
        order=152,
    )


@hooks.register("register_reports_menu_item")
def register_untranslated_services_report():
    return _ReviewerReportMenuItem(
        _("Services not yet in Spanish"),
        reverse("directory_reports:untranslated"),
        name="directory-untranslated",
        icon_name="globe",
        order=154,
    )


@hooks.register("register_reports_menu_item")
def register_recent_changes_report():
    return _ReviewerReportMenuItem(
        _("Recent listing changes"),
        reverse("directory_reports:recent_changes"),
        name="directory-recent-changes",
        icon_name="history",
        order=153,
    )


class ProblemReportPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, and then: editors see only their own organization's reports."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return is_reviewer(user) or instance.organization_id in edited_organization_ids(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ProblemReport.objects.none()
        return problem_reports_for(user)


register_permission_policy(ProblemReport, ProblemReportPermissionPolicy(ProblemReport))


class OwnReportsOnlyMixin:
    """Single-report admin views answer 404 for another organization's report (no hint that it exists)."""

    def get_object(self, *args, **kwargs):
        report = super().get_object(*args, **kwargs)
        if not problem_reports_for(self.request.user).filter(pk=report.pk).exists():
            raise Http404
        return report


class ProblemReportEditView(OwnReportsOnlyMixin, snippet_views.EditView):
    pass


class ProblemReportInspectView(OwnReportsOnlyMixin, snippet_views.InspectView):
    pass


class ProblemReportHistoryView(OwnReportsOnlyMixin, snippet_views.HistoryView):
    pass


class ProblemReportUsageView(OwnReportsOnlyMixin, snippet_views.UsageView):
    pass


class ProblemReportDeleteView(OwnReportsOnlyMixin, snippet_views.DeleteView):
    pass


class ProblemReportViewSet(SnippetViewSet):
    edit_view_class = ProblemReportEditView
    inspect_view_class = ProblemReportInspectView
    history_view_class = ProblemReportHistoryView
    usage_view_class = ProblemReportUsageView
    delete_view_class = ProblemReportDeleteView
    model = ProblemReport
    icon = "warning"
    menu_label = _("Problem reports")
    menu_order = 250
    add_to_admin_menu = True
    url_namespace = "directory_problemreport"
    list_display = ["__str__", "organization", "status", "created_at"]
    list_filter = ["status", "kind"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return problem_reports_for(request.user).select_related("page", "organization")


register_snippet(ProblemReportViewSet)


class MyListingPanel(Component):
    """On a member editor's admin dashboard: their listing's confirmation age and each service's availability,
    with the two no-review actions one click away."""

    name = "directory_my_listing"
    template_name = "directory/admin/my_listing_panel.html"
    order = 50

    def __init__(self, organizations):
        self.organizations = organizations

    def get_context_data(self, parent_context):
        from .verification import STALE_AFTER_DAYS, age_in_days, is_stale

        rows = []
        for organization in self.organizations:
            rows.append(
                {
                    "organization": organization,
                    "panel_id": f"directory-my-listing-{organization.pk}",
                    "age_days": age_in_days(organization),
                    "stale": is_stale(organization),
                    "services": ServicePage.objects.child_of(organization).order_by("title"),
                }
            )
        return {"rows": rows, "stale_after": STALE_AFTER_DAYS}


@hooks.register("construct_homepage_panels")
def add_my_listing_panel(request, panels):
    organization_ids = edited_organization_ids(request.user)
    if organization_ids:
        panels.append(MyListingPanel(OrganizationPage.objects.filter(pk__in=organization_ids).order_by("title")))
