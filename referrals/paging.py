"""Long lists (referrals, the inbox, the audit log) in pages instead of cut at a fixed row count."""

from django.core.paginator import Page, Paginator

PER_PAGE = 100


def page_of(request, items, per_page: int = PER_PAGE) -> Page:
    """The page `?page=N` asks for (the last one past the end, the first on nonsense), with
    `query_prefix`: the request's other query parameters, for the template's previous/next links."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    page.query_prefix = f"{params.urlencode()}&" if params else ""
    return page
