"""The coalition's vocabularies (snippets): needs, populations served, languages."""

import time

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Term(models.Model):
    """A code from one of the coalition's vocabularies, with labels in English and Spanish."""

    code = models.SlugField(max_length=40, unique=True, help_text=_("The exact code used in HSDS exchange."))
    name = models.CharField(max_length=120)
    name_es = models.CharField(_("name in Spanish"), max_length=120, blank=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("name_es"), FieldPanel("description")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if get_language() == "es" and self.name_es:
            return self.name_es
        return self.name


class Need(Term):
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta(Term.Meta):
        ordering = ["sort_order", "name"]
        verbose_name = _("need")


class Population(Term):
    class Meta(Term.Meta):
        verbose_name = _("population served")
        verbose_name_plural = _("populations served")


class Language(Term):
    code = models.CharField(max_length=12, unique=True, help_text=_("ISO 639-1 where one exists."))

    class Meta(Term.Meta):
        verbose_name = _("language")


# Every search page labels its facets; the vocabularies change a few times a year. Each process keeps them
# for TERM_MEMO_SECONDS (a saved or deleted term clears this process's copy at once, and every other
# process's within that time).
_memo: dict = {}


def term_labels(model) -> dict[str, tuple[str, str]]:
    """{code: (name, name_es)} of one vocabulary, in its order."""
    lifetime = getattr(settings, "TERM_MEMO_SECONDS", 1.0)
    now = time.monotonic()
    found = _memo.get(model)
    if found is None or now - found[0] >= lifetime:
        rows = model.objects.values_list("code", "name", "name_es")
        found = (now, {code: (name, name_es) for code, name, name_es in rows})
        _memo[model] = found
    return found[1]


def term_label(names: tuple[str, str]) -> str:
    """The visitor's-language label of a term_labels() entry (Term.label for the row)."""
    name, name_es = names
    return name_es if get_language() == "es" and name_es else name


def forget_terms(sender=None, **kwargs) -> None:
    """Drop this process's copy of a vocabulary (of all of them without a sender)."""
    if sender is None:
        _memo.clear()
    else:
        _memo.pop(sender, None)
