"""A signed-in member outside a page's (or document's) groups gets 403, not a sign-in loop.

Wagtail's own check sends everyone it refuses to the sign-in page; that is right for anonymous visitors
(they may sign in) but a member of another audience who is already signed in would be sent round in a
circle. These hooks run first (order -1) and answer 403 for them; anonymous visitors still reach
Wagtail's check and its sign-in redirect.
"""

from django.core.exceptions import PermissionDenied
from wagtail import hooks


def _refuses_signed_in(restrictions, request) -> bool:
    # Look at the user only for a restricted page: touching the session on a public page would add
    # "Vary: Cookie" and stop caches sharing it.
    restrictions = [r for r in restrictions if r.restriction_type == r.GROUPS]
    if not restrictions or not request.user.is_authenticated:
        return False
    return any(not r.accept_request(request) for r in restrictions)


@hooks.register("before_serve_page", order=-1)
def refuse_other_audiences_page(page, request, serve_args, serve_kwargs):
    if _refuses_signed_in(page.get_view_restrictions(), request):
        raise PermissionDenied


@hooks.register("before_serve_document", order=-1)
def refuse_other_audiences_document(document, request):
    if _refuses_signed_in(document.collection.get_view_restrictions(), request):
        raise PermissionDenied
