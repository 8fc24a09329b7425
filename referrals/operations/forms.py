"""The operations' screens' forms: a field placement (the referral facts plus one-tap presets) and a hold."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import RADIUS_CHOICES, ReferralFactsForm

# One tap on the phone instead of finding the need among nineteen: (code, label, the need codes it stands for).
PRESETS = [
    ("shelter-tonight", _("Shelter tonight"), ("emergency-shelter",)),
    ("crisis-line", _("Crisis line"), ("crisis-line",)),
    ("medical", _("Medical"), ("medical",)),
    ("youth", _("Youth"), ("youth-services",)),
]
PRESET_NEEDS = {code: needs for code, _label, needs in PRESETS}


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(18)


class PlacementForm(ReferralFactsForm):
    """A field placement: the facts of a referral (the same form and checks), with the common needs one tap away,
    urgent by default, and a hidden idempotency key so a form sent twice on a flaky signal makes one placement."""

    presets = forms.MultipleChoiceField(
        label=_("Quick needs"),
        choices=[(code, label) for code, label, _needs in PRESETS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, operation=None, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", new_idempotency_key())
        kwargs["initial"].setdefault("urgent", True)
        super().__init__(*args, **kwargs)
        self.fields["needs"].required = False
        self.fields["needs"].label = _("Other needs")
        if operation is not None:
            # Without a distance the operation's radius applies, not "any distance".
            default = _("Area (%(miles)s mi)") % {"miles": f"{operation.radius_miles:g}"}
            self.fields["radius_miles"].widget.choices = [("", default), *RADIUS_CHOICES[1:]]

    def clean(self):
        data = self.cleaned_data
        needs = list(data.get("needs") or [])
        for preset in data.get("presets") or []:
            needs += [code for code in PRESET_NEEDS[preset] if code not in needs]
        data["needs"] = needs
        if not needs and not self.errors:
            self.add_error("presets", _("Tap a quick need or choose another need."))
        return super().clean()

    def facts(self) -> dict:
        """The referral facts, as the placement action takes them (no presets, no key)."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("presets", "idempotency_key")}

    def key(self) -> str:
        return self.cleaned_data.get("idempotency_key") or new_idempotency_key()


class HoldForm(forms.Form):
    """A provider holds places of one of its services, for one need, for the operation's window or part of it."""

    service = forms.ChoiceField(label=_("Service"))
    need = forms.ChoiceField(label=_("For which need"))
    places = forms.IntegerField(
        label=_("Places"), min_value=1, max_value=500, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    starts_at = forms.DateTimeField(
        label=_("From"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Until"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(str(s.hsds_id), s.title) for s in services]
        needs = {}
        for service in services:
            needs.update({n.code: n.label for n in service.needs.all()})
        self.fields["need"].choices = sorted(needs.items(), key=lambda item: str(item[1]))

    # The action's field names, for its refusals.
    ACTION_FIELDS = {
        "service_id": "service",
        "need": "need",
        "places": "places",
        "starts_at": "starts_at",
        "ends_at": "ends_at",
    }
