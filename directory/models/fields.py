"""Model fields shared by the directory's models."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """A list of codes from fixed choices, edited as checkboxes; an empty list means "no restriction"."""

    def __init__(self, *args, choices_list=(), **kwargs):
        self.choices_list = list(choices_list)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path_, args, kwargs = super().deconstruct()
        kwargs["choices_list"] = self.choices_list
        # The path migrations know the field by (the package re-exports it).
        return name, "directory.models.ChoiceListField", args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices_list,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize(),
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {code for code, _label in self.choices_list}
        unknown = [v for v in value or [] if v not in allowed]
        if unknown:
            from django.core.exceptions import ValidationError

            raise ValidationError(_("Unknown codes: %(codes)s"), params={"codes": ", ".join(unknown)})
