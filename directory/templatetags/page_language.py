"""The language a page's words are in, so a Spanish visitor is told when a page is not translated yet."""

from django import template

from directory.locales import page_language as _page_language

register = template.Library()


@register.simple_tag
def page_language(page) -> str:
    return _page_language(page) if getattr(page, "locale_id", None) else ""
