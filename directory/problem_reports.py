"""The public "report a problem with this listing" form: no account, no JavaScript, nothing kept about
the reporter.

Spam resistance: a honeypot field people never see, and a signed "form issued at" stamp that must be at
least a few seconds old (bots post at once) and at most a day old. Abuse limit: 5 reports an hour per
address, counted in the cache under a hash of the address with a salt that changes daily; the address is
never written to the database or the logs.
"""

import hashlib
import logging
import time
from functools import partial

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from . import rate_limits
from .editors import coalition_reviewers, listing_editors
from .http import client_address
from .models import OrganizationPage, ProblemReport, ServicePage

logger = logging.getLogger(__name__)
RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 3600
MIN_SECONDS_TO_SUBMIT = 3
MAX_FORM_AGE_SECONDS = 24 * 3600
STAMP_SALT = "directory.problem-report-stamp"


def issue_stamp(issued_at: float | None = None) -> str:
    return signing.dumps({"t": int(issued_at if issued_at is not None else time.time())}, salt=STAMP_SALT)


class ProblemReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is wrong?"), choices=ProblemReport.Kind.choices)
    message = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not include names or personal details. We do not reply to reports."),
    )
    # Honeypot: hidden from people (and screen readers); bots fill every field.
    homepage = forms.CharField(required=False, label=_("Leave this empty"))
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report_%s")  # unique ids beside the page's other forms
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["stamp"] = issue_stamp()
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_homepage(self):
        if self.cleaned_data.get("homepage"):
            raise forms.ValidationError(_("This report could not be sent."), code="spam")
        return ""

    def clean_stamp(self):
        try:
            issued = signing.loads(self.cleaned_data["stamp"], salt=STAMP_SALT)["t"]
        except (signing.BadSignature, KeyError, TypeError):
            raise forms.ValidationError(_("Please reload the page and try again."), code="stamp") from None
        elapsed = time.time() - issued
        if elapsed < MIN_SECONDS_TO_SUBMIT:
            raise forms.ValidationError(
                _("That was very quick. Please check your report and send it again."), code="too_fast"
            )
        if elapsed > MAX_FORM_AGE_SECONDS:
            raise forms.ValidationError(
                _("This form has expired. Please reload the page and try again."), code="expired"
            )
        return self.cleaned_data["stamp"]


def _client_key(request) -> str:
    # The client behind any trusted proxy (TRUSTED_PROXIES); X-Forwarded-For from anyone else is ignored.
    address = client_address(request)
    daily_salt = f"{settings.SECRET_KEY}:{timezone.now():%Y-%m-%d}"
    digest = hashlib.sha256(f"{daily_salt}:{address}".encode()).hexdigest()[:32]
    return f"problem-report-rate:{digest}"


def allow_report(request) -> bool | None:
    """Count this attempt; False once the address has posted RATE_LIMIT times within the window, None when
    the shared cache does not answer (the attempt cannot be counted)."""
    count = rate_limits.count(_client_key(request), RATE_WINDOW_SECONDS)
    return None if count is None else count <= RATE_LIMIT


def organization_of(page) -> OrganizationPage | None:
    page = page.specific
    if isinstance(page, OrganizationPage):
        return page
    if isinstance(page, ServicePage):
        return page.organization
    return None


def record_report(page, organization: OrganizationPage, kind: str, message: str) -> ProblemReport:
    """Store the report; its notices go out from the worker once the report is committed, never from the
    visitor's request (an SMTP server that hangs must not hold the page)."""
    report = ProblemReport.objects.create(page=page, organization=organization, kind=kind, message=message)
    transaction.on_commit(partial(send_problem_report_notice.enqueue, report.pk))
    return report


@task()
def send_problem_report_notice(report_id: int) -> int:
    report = ProblemReport.objects.filter(pk=report_id).select_related("page", "organization").first()
    return notify(report) if report is not None else 0


def notify(report: ProblemReport) -> int:
    """Tell the organization's editors and the coalition reviewers, without the reporter's words."""
    recipients = {u.email for u in listing_editors(report.organization)}
    recipients |= {u.email for u in coalition_reviewers()}
    if not recipients:
        return 0
    context = {
        "listing_title": report.page.title,
        "admin_url": settings.WAGTAILADMIN_BASE_URL + reverse("directory_problemreport:list"),
        "coalition_name": settings.COALITION_NAME,
    }
    subject = render_to_string("directory/members/email/problem_reported_subject.txt", context).strip()
    body = render_to_string("directory/members/email/problem_reported.txt", context)
    sent = 0
    for address in sorted(recipients):
        try:
            send_mail(subject, body, None, [address])
            sent += 1
        except Exception as error:  # the report is stored and listed in the admin; mail is only the nudge
            # The class of the error only: an SMTP reply can quote addresses.
            logger.warning("A problem report notice could not be sent: %s", type(error).__name__)
    return sent
