"""Admin views for member upkeep: update availability, confirm a listing, and the coalition reports."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import PageLogEntry

from .editors import can_manage_listing, edited_organization_ids, is_reviewer
from .live_updates import confirm_listing, update_availability
from .locales import in_source_locale, source_language
from .models import OrganizationPage, ServicePage, ServiceSchedule
from .verification import STALE_AFTER_DAYS, age_in_days, stale_cutoff


class AvailabilityForm(forms.Form):
    accepting_referrals = forms.TypedChoiceField(
        label=gettext_lazy("Accepting referrals now?"),
        choices=[("yes", gettext_lazy("Yes, accepting referrals")), ("no", gettext_lazy("No, not now"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    places_free = forms.IntegerField(
        label=gettext_lazy("Places free now"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=gettext_lazy(
            "Beds or places free now. Matching ranks services with free places first "
            "for 72 hours after you say so. Leave empty if you cannot say."
        ),
    )
    capacity_note = forms.CharField(
        label=gettext_lazy("Capacity"),
        max_length=120,
        required=False,
        help_text=gettext_lazy(
            'For example "2 beds free". Shown with the time you said it. No names or details about clients.'
        ),
    )


def _service_for(request, pk) -> ServicePage:
    service = get_object_or_404(ServicePage, pk=pk)
    if not can_manage_listing(request.user, service.organization):
        raise PermissionDenied
    return service


def update_availability_view(request, pk):
    """Change a live service's availability at once, without review (its editors and coalition admins)."""
    service = _service_for(request, pk)
    if request.method == "POST":
        form = AvailabilityForm(request.POST)
        if form.is_valid():
            update_availability(
                service,
                request.user,
                form.cleaned_data["accepting_referrals"],
                form.cleaned_data["capacity_note"],
                form.cleaned_data["places_free"],
            )
            messages.success(request, _("Availability of '%(title)s' updated.") % {"title": service.title})
            return redirect("wagtailadmin_explore", service.organization.pk)
    else:
        form = AvailabilityForm(
            initial={
                "accepting_referrals": "yes" if service.accepting_referrals else "no",
                "capacity_note": service.capacity_note,
                "places_free": service.places_free,
            }
        )
    return TemplateResponse(
        request,
        "directory/admin/update_availability.html",
        {
            "page_title": _("Update availability"),
            "page_subtitle": service.title,
            "header_icon": "tasks",
            "service": service,
            "form": form,
            "recent_changes": service.capacity_changes.select_related("changed_by")[:10],
        },
    )


def confirm_listing_view(request, pk):
    """ "This listing is still correct": sets last_verified on the live organization page, no review."""
    organization = get_object_or_404(OrganizationPage, pk=pk)
    if not can_manage_listing(request.user, organization):
        raise PermissionDenied
    if request.method == "POST":
        confirm_listing(organization, request.user)
        messages.success(request, _("Thank you: '%(title)s' is confirmed as correct.") % {"title": organization.title})
        return redirect("wagtailadmin_explore", organization.pk)
    return TemplateResponse(
        request,
        "directory/admin/confirm_listing.html",
        {
            "page_title": _("Confirm listing"),
            "page_subtitle": organization.title,
            "header_icon": "tick",
            "organization": organization,
            "age_days": age_in_days(organization),
            "stale_after": STALE_AFTER_DAYS,
        },
    )


# --- Coalition reports -------------------------------------------------------------------------------


class ReviewerReportMixin:
    """Reports for coalition reviewers and admins; member editors see only their own organization."""

    header_icon = "doc-full"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not (is_reviewer(request.user) or edited_organization_ids(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scope_organizations(self, queryset):
        if is_reviewer(self.request.user):
            return queryset
        return queryset.filter(pk__in=edited_organization_ids(self.request.user))

    def scope_services(self, queryset):
        if is_reviewer(self.request.user):
            return queryset
        paths = OrganizationPage.objects.filter(pk__in=edited_organization_ids(self.request.user)).values_list(
            "path", flat=True
        )
        condition = Q(pk__in=[])
        for org_path in paths:
            condition |= Q(path__startswith=org_path)
        return queryset.filter(condition)


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class StaleListingsReport(ReviewerReportMixin, ReportView):
    page_title = gettext_lazy("Listings that may be out of date")
    index_url_name = "directory_reports:stale"
    index_results_url_name = "directory_reports:stale_results"
    list_export = ["title", "last_verified", "first_published_at"]
    columns = [
        TitleColumn("title", label=gettext_lazy("Organization"), get_url=_edit_url),
        DateColumn("last_verified", label=gettext_lazy("Last confirmed")),
        DateColumn("first_published_at", label=gettext_lazy("First published")),
    ]

    def get_queryset(self):
        # Same rule as the public "may be out of date" mark (directory.verification.is_stale).
        cutoff = stale_cutoff()
        cutoff_moment = timezone.make_aware(datetime.combine(cutoff, time.min))
        stale = Q(last_verified__lt=cutoff) | Q(last_verified__isnull=True, first_published_at__lt=cutoff_moment)
        return self.scope_organizations(OrganizationPage.objects.published().filter(stale)).order_by(
            "last_verified", "title"
        )


class NeverVerifiedReport(ReviewerReportMixin, ReportView):
    page_title = gettext_lazy("Listings never confirmed")
    index_url_name = "directory_reports:never_verified"
    index_results_url_name = "directory_reports:never_verified_results"
    list_export = ["title", "first_published_at"]
    columns = [
        TitleColumn("title", label=gettext_lazy("Organization"), get_url=_edit_url),
        DateColumn("first_published_at", label=gettext_lazy("First published")),
    ]

    def get_queryset(self):
        return self.scope_organizations(
            OrganizationPage.objects.filter(in_source_locale(), last_verified__isnull=True)
        ).order_by("title")


class MissingEssentialsReport(ReviewerReportMixin, ReportView):
    """Live services a person could not act on: no hours and not 24/7, no location, or no language."""

    page_title = gettext_lazy("Services missing essentials")
    index_url_name = "directory_reports:missing_essentials"
    index_results_url_name = "directory_reports:missing_essentials_results"
    list_export = ["title", "missing"]
    export_headings = {"missing": gettext_lazy("Missing")}
    columns = [
        TitleColumn("title", label=gettext_lazy("Service"), get_url=_edit_url),
        Column("missing", label=gettext_lazy("Missing")),
    ]

    def get_queryset(self):
        has_hours = Exists(ServiceSchedule.objects.filter(service=OuterRef("pk")))
        has_location = Exists(ServicePage.locations.through.objects.filter(servicepage_id=OuterRef("pk")))
        has_language = Exists(ServicePage.languages.through.objects.filter(servicepage_id=OuterRef("pk")))
        services = (
            ServicePage.objects.live()
            .filter(in_source_locale())
            .annotate(has_hours=has_hours, has_location=has_location, has_language=has_language)
            .filter(Q(has_hours=False, intake_24_7=False) | Q(has_location=False) | Q(has_language=False))
            .order_by("title")
        )
        return self.scope_services(services)

    def decorate_paginated_queryset(self, object_list):
        for service in object_list:
            missing = []
            if not service.has_hours and not service.intake_24_7:
                missing.append(_("hours"))
            if not service.has_location:
                missing.append(_("location"))
            if not service.has_language:
                missing.append(_("language"))
            service.missing = ", ".join(missing)
        return object_list


class UntranslatedServicesReport(ReviewerReportMixin, ReportView):
    """Published services with no live Spanish version: what the coalition's translators should do next."""

    page_title = gettext_lazy("Services not yet in Spanish")
    index_url_name = "directory_reports:untranslated"
    index_results_url_name = "directory_reports:untranslated_results"
    language = "es"
    list_export = ["title", "organization_name", "spanish_state", "last_published_at"]
    export_headings = {
        "organization_name": gettext_lazy("Organization"),
        "spanish_state": gettext_lazy("Spanish version"),
    }
    columns = [
        TitleColumn("title", label=gettext_lazy("Service"), get_url=_edit_url),
        Column("organization_name", label=gettext_lazy("Organization")),
        Column("spanish_state", label=gettext_lazy("Spanish version")),
        DateColumn("last_published_at", label=gettext_lazy("Last published")),
    ]

    def translations(self):
        return ServicePage.objects.filter(
            translation_key=OuterRef("translation_key"), locale__language_code=self.language, alias_of__isnull=True
        )

    def get_queryset(self):
        if self.language == source_language():
            return ServicePage.objects.none()
        services = (
            ServicePage.objects.published()
            .annotate(has_draft=Exists(self.translations()))
            .exclude(Exists(self.translations().filter(live=True)))
            .order_by("title")
        )
        return self.scope_services(services)

    def decorate_paginated_queryset(self, object_list):
        from .models.service import attach_organizations

        object_list = list(object_list)
        attach_organizations(object_list)
        for service in object_list:
            service.organization_name = service.organization.title
            service.spanish_state = _("draft, not published") if service.has_draft else _("none")
        return object_list


class RecentChangesReport(ReviewerReportMixin, ReportView):
    """What happened to listings lately (edits, submissions, approvals, publications, confirmations)."""

    page_title = gettext_lazy("Recent listing changes")
    index_url_name = "directory_reports:recent_changes"
    index_results_url_name = "directory_reports:recent_changes_results"
    days = 30
    list_export = ["timestamp", "label", "action_label", "user_display"]
    export_headings = {
        "label": gettext_lazy("Listing"),
        "action_label": gettext_lazy("Action"),
        "user_display": gettext_lazy("By"),
    }
    columns = [
        Column("label", label=gettext_lazy("Listing")),
        Column("action_label", label=gettext_lazy("Action")),
        Column("user_display", label=gettext_lazy("By")),
        DateColumn("timestamp", label=gettext_lazy("When")),
    ]

    def get_queryset(self):
        since = timezone.now() - timedelta(days=self.days)
        entries = PageLogEntry.objects.filter(timestamp__gte=since).select_related("user", "page")
        directory_types = [OrganizationPage, ServicePage]
        from django.contrib.contenttypes.models import ContentType

        entries = entries.filter(content_type__in=ContentType.objects.get_for_models(*directory_types).values())
        if not is_reviewer(self.request.user):
            pages = self.scope_services(ServicePage.objects.all()).values_list("pk", flat=True)
            orgs = list(edited_organization_ids(self.request.user))
            entries = entries.filter(Q(page_id__in=pages) | Q(page_id__in=orgs))
        return entries.order_by("-timestamp", "-pk")

    def decorate_paginated_queryset(self, object_list):
        for entry in object_list:
            entry.action_label = entry.message
            entry.user_display = entry.user.get_username() if entry.user else _("system")
        return object_list
