"""Site-wide pages that are not Wagtail pages."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

from referrals.models import Role
from referrals.operations import actions as operation_actions
from referrals.views import member_view

from .news import draft_news_item

# "Browse safely": how to leave no trace on a shared or watched phone or computer. Static, the same for
# every visitor (cacheable), in English and Spanish.
browse_safely = require_GET(TemplateView.as_view(template_name="home/browse_safely.html"))


@require_POST
@member_view(Role.COALITION_ADMIN)
def draft_operation_news(request, operation_id):
    """ "Draft a news item": a draft page with the operation's suppressed figures, opened in the editor."""
    _operation, data = operation_actions.read_report(request.caller, operation_id)
    page = draft_news_item(data, owner=request.user)
    request.caller.record("operation.draft_news", detail=f"page:{page.pk}")
    messages.success(request, _("A draft news item was created. Review it before publishing."))
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
