"""The coalition's vocabularies (snippets): needs, populations served, languages."""

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
