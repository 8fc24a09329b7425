"""Which pages are the directory's entries, and how a translation is shown in the visitor's language.

Every organization and service page is written first in the source locale (English, LANGUAGE_CODE). A
Spanish version is a translation of it (Wagtail localisation, `wagtail.contrib.simple_translation`): the
same page in other words, never a second entry. So listings, search, matching, referrals and HSDS read
the source pages only (`ServicePage.objects.published()`), and a page shown in Spanish takes its words
(title, summary, description, "how to get help"...) from the live translation when there is one.
"""

from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

# The words a translation carries. Facts (hours, phone, places, needs, availability) are always read from
# the source page, so a translation can never show an old phone number or yesterday's free beds.
TRANSLATED_SERVICE_FIELDS = (
    "title",
    "summary",
    "description",
    "how_to_get_help",
    "eligibility_description",
    "fees_description",
    "documents_required",
    "accessibility",
    "interpretation_services",
)
TRANSLATED_ORGANIZATION_FIELDS = ("title", "summary", "description")


_locale_codes: dict[int, str] = {}


def locale_code(locale_id: int) -> str:
    """A locale's language code without a query per page (locales are a handful of rows, read once)."""
    if locale_id not in _locale_codes:
        from wagtail.models import Locale

        _locale_codes.clear()
        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_codes.get(locale_id, "")


def forget_locales(**kwargs) -> None:
    _locale_codes.clear()


def source_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def in_source_locale() -> Q:
    """The condition, on a page queryset, of being a directory entry rather than a translation of one."""
    return Q(locale__language_code=source_language())


def active_content_language() -> str:
    try:
        return get_supported_content_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return source_language()


def live_translations(pages, language: str | None = None) -> dict:
    """{translation_key: live translation in `language` (default: the active one)} for source pages, in
    one query; empty when the language is the source's."""
    language = language or active_content_language()
    pages = [p for p in pages if p is not None]
    if not pages or language == source_language():
        return {}
    from wagtail.models import Page

    # One query whatever the pages' types (a menu mixes them); then only Page's own fields can be taken over.
    model = type(pages[0]) if len({type(p) for p in pages}) == 1 else Page
    found = model.objects.filter(
        translation_key__in={p.translation_key for p in pages}, locale__language_code=language, alias_of__isnull=True
    ).live()
    return {t.translation_key: t for t in found}


def show_in_language(pages, fields, language: str | None = None) -> list:
    """Put the words of each page's live translation (if any) on the page in memory, for display only.

    Sets `shown_language` on every page (the language its words are in) so templates can mark English
    text on a Spanish page with lang="en".
    """
    pages = list(pages)
    translations = live_translations(pages, language)
    for page in pages:
        found = translations.get(page.translation_key)
        page.shown_language = (language or active_content_language()) if found else source_language()
        if found:
            for name in fields:
                value = getattr(found, name)
                if value:
                    setattr(page, name, value)
    return pages


def is_translation(page) -> bool:
    """A page in another locale than the source's that carries its own words (an alias copies the source's)."""
    return locale_code(page.locale_id) != source_language() and not page.alias_of_id


def page_language(page) -> str:
    """The language a page's words are in: its own locale's, the source's for an alias, or what
    show_in_language()/shown_in_language() put on it."""
    shown = getattr(page, "shown_language", None)
    if shown:
        return shown
    return source_language() if page.alias_of_id else locale_code(page.locale_id)


def source_of(page):
    """The source-locale page a translation translates (the page itself when it is the source)."""
    if locale_code(page.locale_id) == source_language():
        return page
    return (
        type(page).objects.filter(translation_key=page.translation_key, locale__language_code=source_language()).first()
    )


def shown_in_language(translation_page, fields):
    """The source page of `translation_page` carrying the translation's words, for display: facts stay the
    source's. The translation itself when it has no source (a page written in Spanish only)."""
    source = source_of(translation_page)
    if source is None or source.pk == translation_page.pk:
        return translation_page
    for name in fields:
        value = getattr(translation_page, name)
        if value:
            setattr(source, name, value)
    source.shown_language = page_language(translation_page)
    source.translation_page = translation_page
    return source


class VisitorLanguageUrlMixin:
    """A source page's address in the visitor's language.

    Spanish pages keep their English slugs, so /x/ in Spanish is /es/x/ whether or not x has a Spanish
    version yet (then /es/x/ shows the English page with a note). Wagtail would link a source page to its
    English address from a Spanish page, sending a Spanish reader to English pages.
    """

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if not parts or parts[2] is None:
            return parts
        language = active_content_language()
        if language == source_language() or locale_code(self.locale_id) != source_language():
            return parts
        site_id, root_url, path = parts
        with translation.override(source_language()):  # the English path resolves only in English
            return site_id, root_url, translate_url(path, language)
