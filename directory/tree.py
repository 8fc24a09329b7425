"""Where a page sits in Wagtail's page tree: the one place that knows how tree paths are made.

Wagtail keeps pages in a materialised-path tree (django-treebeard's MP_Node): a page's `path` is its
parent's path plus one step of `Page.steplen` characters. A service's organization is its parent page, so
code that needs the organizations of many services at once (without one query per service) matches paths.
It asks here, in Python or in SQL, rather than slicing paths itself.
"""

from django.db.models import F
from django.db.models.functions import Length, Substr
from wagtail.models import Page


def parent_path(path: str) -> str:
    """The path of the parent of the page at `path` (treebeard's own rule; "" for the tree's root)."""
    return Page._get_parent_path_from_path(path)


def parent_path_expression(path="path"):
    """parent_path() in the database: an expression for annotate() and filter(), e.g. of OuterRef("path")."""
    if isinstance(path, str):
        path = F(path)
    return Substr(path, 1, Length(path) - Page.steplen)
