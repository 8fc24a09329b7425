"""Template tags for a public listing's upkeep: availability, "may be out of date", report-a-problem form."""

from django import template

from directory.models import OrganizationPage, ServicePage
from directory.problem_reports import ProblemReportForm
from directory.verification import STALE_AFTER_DAYS, is_stale

register = template.Library()


@register.simple_tag(takes_context=True)
def listing_upkeep(context, page):
    """What a visitor should know about how current a listing is."""
    page = getattr(page, "specific", page)
    if isinstance(page, ServicePage):
        # The service page's context already holds its organization; look it up only when it does not.
        organization = context.get("organization")
        if not isinstance(organization, OrganizationPage):
            organization = page.organization
        service = page
    elif isinstance(page, OrganizationPage):
        organization, service = page, None
    else:
        return None
    return {
        "service": service,
        "organization": organization,
        "stale": is_stale(organization),
        "stale_after_days": STALE_AFTER_DAYS,
        "last_verified": organization.last_verified,
    }


@register.simple_tag
def problem_report_form():
    return ProblemReportForm()
