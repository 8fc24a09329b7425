"""The Wagtail admin for operations (coalition admins): create and edit them, see the derived status, close by
hand, and configure the juvenile protocol's steps. Registered in referrals/wagtail_hooks.py."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import Role
from .models import JuvenileStep, Operation, OperationStatus

ZIP = re.compile(r"^\d{5}$")


class OperationForm(WagtailAdminModelForm):
    """ZIP codes as a comma list; the coordinator among advocates and coalition admins, on-call among advocates;
    "close now" sets the manual close."""

    postal_codes = forms.CharField(
        label=_("ZIP codes of the area"), required=False, help_text=_("Five-digit ZIP codes, separated by commas.")
    )
    close_now = forms.BooleanField(label=_("Close this operation now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.order_by("username")
        if "coordinator" in self.fields:
            self.fields["coordinator"].queryset = users.filter(
                membership__role__in=[Role.ADVOCATE, Role.COALITION_ADMIN]
            )
        if "on_call" in self.fields:
            self.fields["on_call"].queryset = users.filter(membership__role=Role.ADVOCATE)
        if self.instance and self.instance.postal_codes:
            self.initial["postal_codes"] = ", ".join(self.instance.postal_codes)
        if self.instance.pk is None or self.instance.status == OperationStatus.CLOSED:
            self.fields["close_now"].disabled = True

    def clean_postal_codes(self):
        codes = [c.strip() for c in re.split(r"[,\s]+", self.cleaned_data.get("postal_codes") or "") if c.strip()]
        wrong = [c for c in codes if not ZIP.match(c)]
        if wrong:
            raise forms.ValidationError(_("Not a five-digit ZIP code: %(codes)s") % {"codes": ", ".join(wrong)})
        return list(dict.fromkeys(codes))

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned

    def save(self, commit=True):
        operation = super().save(commit=False)
        if self.cleaned_data.get("close_now") and operation.status != OperationStatus.CLOSED:
            operation.closed_at = timezone.now()
            operation.closed_by = self.for_user
        if operation.pk is None:
            operation.created_by = self.for_user
        if commit:
            operation.save()
            self.save_m2m()
        return operation


class OperationViewSet(SnippetViewSet):
    model = Operation
    icon = "site"
    menu_label = _("Operations")
    url_namespace = "referrals_operation"
    list_display = ["name", "starts_at", "ends_at", "status_label", "coordinator"]
    search_fields = ["name"]
    ordering = ["-starts_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("postal_codes"),
            MultiFieldPanel(
                [
                    FieldPanel("lead_agency"),
                    FieldPanel("organizations", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("coordinator"),
                    FieldPanel("on_call", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Who takes part"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("radius_miles"), FieldPanel("widen_after_minutes"), FieldPanel("max_recipients")]
                    )
                ],
                heading=_("Placements"),
            ),
            MultiFieldPanel(
                [FieldPanel("closed_at", read_only=True), FieldPanel("close_now")], heading=_("Closing by hand")
            ),
        ],
        base_form_class=OperationForm,
    )


class JuvenileStepViewSet(SnippetViewSet):
    model = JuvenileStep
    icon = "list-ul"
    menu_label = _("Juvenile protocol")
    url_namespace = "referrals_juvenilestep"
    list_display = ["label", "organization", "sort_order", "active"]
    ordering = ["sort_order", "pk"]


class OperationsGroup(SnippetViewSetGroup):
    menu_label = _("Operations")
    menu_icon = "site"
    menu_order = 160
    items = (OperationViewSet, JuvenileStepViewSet)
