"""Long lists (referrals, the inbox, the audit log) in pages instead of cut at a fixed row count."""

from django.core.paginator import Page, Paginator

PER_PAGE = 100


def paginate(items, number, per_page: int = PER_PAGE) -> Page:
    """Page `number` of `items` (the last one past the end, the first on nonsense), its rows read once."""
    page = Paginator(items, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page


def with_links(request, page: Page) -> Page:
    """Give `page` a `query_prefix`: the request's other query parameters, for the previous/next links."""
    params = request.GET.copy()
    params.pop("page", None)
    page.query_prefix = f"{params.urlencode()}&" if params else ""
    return page


def page_of(request, items, per_page: int = PER_PAGE) -> Page:
    """The page `?page=N` of `items`, ready for templates/includes/pager.html."""
    return with_links(request, paginate(items, request.GET.get("page"), per_page))
