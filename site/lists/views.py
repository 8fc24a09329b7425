"""Resource lists: anyone collects services (kept in their own browser), prints them, shares them by a
link that expires, with a QR code and a short text version, and can text that version to a phone.

Pages here carry nothing about the visitor, so they stay cacheable; the visitor's list reaches the server
only in the body of a POST (never in a URL) and is stored only when a share link is asked for. A phone
number given to "text this list" is passed to the SMS backend and neither stored nor logged.
"""

import re

from accounts.qr import qr_svg
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from directory import rate_limits
from directory.http import parse_uuid
from directory.locales import TRANSLATED_SERVICE_FIELDS, show_in_language
from directory.models import ServicePage

from .models import MAX_ITEMS, SharedList
from .sms import SMSError, sms_backend

TEXT_LIMIT = 480
TEXTS_PER_LIST_PER_HOUR = 5


def parse_ids(raw: str) -> list[str]:
    ids = (parse_uuid(part.strip()) for part in (raw or "").split(","))
    return list(dict.fromkeys(str(i) for i in ids if i))[:MAX_ITEMS]


def services_for(ids: list[str]) -> list[ServicePage]:
    """The published, public services among `ids`, in the list's order, ready for a listing."""
    found = ServicePage.objects.published().filter(hsds_id__in=ids).with_listing_data()
    by_id = {str(s.hsds_id): s for s in show_in_language(found, TRANSLATED_SERVICE_FIELDS)}
    return [by_id[i] for i in ids if i in by_id]


def phone_of(service) -> str:
    return service.phone or service.organization.phone


def plain_text(services, link: str, expires) -> str:
    """The list for a text message: names and phones, then the link; under TEXT_LIMIT characters."""
    head = _("Services list (until %(date)s):") % {"date": expires.strftime("%Y-%m-%d")}
    tail = link
    lines = []
    for index, service in enumerate(services):
        line = f"{service.title}" + (f" {phone_of(service)}" if phone_of(service) else "")
        more = len(services) - index - 1
        rest = _("+%(count)s more at the link") % {"count": more} if more else ""
        candidate = "\n".join([head, *lines, line, *([rest] if rest else []), tail])
        if len(candidate) >= TEXT_LIMIT:
            remaining = len(services) - index
            lines.append(_("+%(count)s more at the link") % {"count": remaining})
            break
        lines.append(line)
    text = "\n".join([head, *lines, tail])
    return text if len(text) < TEXT_LIMIT else "\n".join([head, tail])


@require_GET
def my_list(request):
    """The visitor's own list: a shell filled from the browser's storage by js/my-list.js."""
    return render(request, "lists/my_list.html", {"shared_list_days": settings.SHARED_LIST_DAYS})


@csrf_exempt  # read-only: turns ids into public listings; no cookie read or set
@require_POST
@never_cache
def list_items(request):
    services = services_for(parse_ids(request.POST.get("ids", "")))
    return render(request, "lists/_items.html", {"services": services, "removable": True})


@csrf_exempt  # creates only an anonymous list of public services; nothing about the visitor
@require_POST
def share_list(request):
    ids = [str(s.hsds_id) for s in services_for(parse_ids(request.POST.get("ids", "")))]
    if not ids:
        return redirect("lists:mine")
    shared = SharedList.objects.create(service_ids=ids)
    return redirect("lists:shared_list", token=shared.token, permanent=False)


def _shared_or_404(token: str) -> SharedList:
    shared = get_object_or_404(SharedList, token=token)
    if shared.expired:
        shared.delete()
        raise Http404
    return shared


def _shared_context(shared: SharedList) -> dict:
    services = services_for(shared.service_ids)
    link = settings.SITE_BASE_URL.rstrip("/") + reverse("lists:shared_list", args=[shared.token])
    return {
        "shared_list": shared,
        "services": services,
        "link": link,
        "qr": qr_svg(link),
        "text": plain_text(services, link, timezone.localtime(shared.expires_at)),
    }


@require_GET
@never_cache
def shared_list(request, token):
    return render(request, "lists/shared_list.html", _shared_context(_shared_or_404(token)))


def us_phone(raw: str) -> str:
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if len(digits) == 10 else ""


@csrf_exempt  # no account or cookie is involved; abuse is bounded by the per-list limit below
@require_POST
@never_cache
def text_list(request, token):
    shared = _shared_or_404(token)
    context = _shared_context(shared)
    number = us_phone(request.POST.get("phone", ""))
    if not number:
        context["phone_error"] = _("Enter a US phone number of 10 digits.")
        return render(request, "lists/shared_list.html", context, status=400)
    texts = rate_limits.count(f"lists:texts:{shared.pk}", 3600)
    if texts is None:  # the count is unknown: refuse rather than text without a limit
        context["phone_error"] = _("Texting is not available for a few minutes. Copy the text above instead.")
        return rate_limits.uncounted(render(request, "lists/shared_list.html", context, status=503))
    if texts > TEXTS_PER_LIST_PER_HOUR:
        context["phone_error"] = _("This list has been texted too often. Try again in an hour.")
        return render(request, "lists/shared_list.html", context, status=429)
    try:
        sms_backend().send(number, context["text"])
    except SMSError:
        context["phone_error"] = _("The text could not be sent. Copy the text above instead.")
        return render(request, "lists/shared_list.html", context, status=502)
    context["sent"] = True
    return render(request, "lists/shared_list.html", context)
