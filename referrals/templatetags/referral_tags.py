"""Small template helpers for the referral screens."""

from django import template

from directory.models import Language

register = template.Library()


@register.filter
def language_names(codes) -> str:
    """Language codes as names in the page's language ("es" → "Spanish" / "Español"), comma separated."""
    codes = list(codes or [])
    if not codes:
        return ""
    labels = {lang.code: lang.label for lang in Language.objects.filter(code__in=codes)}
    return ", ".join(labels.get(code, code) for code in codes)
