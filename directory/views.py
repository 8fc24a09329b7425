"""Public member-upkeep views: the "report a problem" form and the listing confirmation link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import problem_reports, rate_limits
from .editors import can_manage_listing
from .live_updates import confirm_listing
from .models import OrganizationPage
from .verification import read_link_token


@csrf_exempt
@require_POST
@never_cache
def report_problem(request, page_id):
    """Take a report about a live public listing. Refused with 429 after 5 posts an hour from one address,
    and with 503 (the report as typed, to send again) while the shared cache cannot count posts.

    No CSRF token: the form is anonymous and changes no one's session, and a token would put a cookie on
    every listing page and stop those pages from being cached. The signed stamp, the honeypot and the
    rate limit stand in for it.
    """
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    organization = problem_reports.organization_of(page)
    if organization is None:
        raise Http404
    context = {"page": page, "listing": page}
    allowed = problem_reports.allow_report(request)
    form = problem_reports.ProblemReportForm(request.POST)
    if allowed is None:  # the count is unknown: the form again, with what was typed, and a way to retry
        form.is_valid()
        form.add_error(None, _("We cannot take reports for a few minutes. Please send this one again shortly."))
        context["form"] = form
        return rate_limits.uncounted(render(request, "directory/members/report_form_page.html", context, status=503))
    if not allowed:
        return render(request, "directory/members/report_refused.html", context, status=429)
    if not form.is_valid():
        context["form"] = form
        return render(request, "directory/members/report_form_page.html", context, status=400)
    problem_reports.record_report(page, organization, form.cleaned_data["kind"], form.cleaned_data["message"])
    return render(request, "directory/members/report_thanks.html", context)


@never_cache
def confirm_listing_link(request, token):
    """The link in a reminder email: works only for a logged-in editor of that organization."""
    ids = read_link_token(token)
    if ids is None:
        return render(request, "directory/members/confirm_invalid.html", status=404)
    organization_pk, user_pk = ids
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    organization = OrganizationPage.objects.filter(pk=organization_pk).first()
    # Someone else's link, or a user who no longer edits this listing: say nothing about the listing.
    if organization is None or request.user.pk != user_pk or not can_manage_listing(request.user, organization):
        return render(request, "directory/members/confirm_invalid.html", status=404)
    if request.method == "POST":
        confirm_listing(organization, request.user)
        messages.success(request, _("Thank you: the listing is confirmed as correct."))
        return redirect("directory_members:confirm_listing_done", organization_pk=organization.pk)
    return render(request, "directory/members/confirm_listing.html", {"organization": organization})


@login_required
@never_cache
def confirm_listing_done(request, organization_pk):
    organization = get_object_or_404(OrganizationPage, pk=organization_pk)
    if not can_manage_listing(request.user, organization):
        raise Http404
    return render(request, "directory/members/confirm_done.html", {"organization": organization})
