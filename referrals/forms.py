"""The eligibility facts of a referral: the same form checks the advocate's page and the JSON API."""

from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from directory.models import Language, Need
from directory.taxonomy import GENDER_CHOICES, TRAFFICKING_TYPE_CHOICES
from search.query import MAX_AGE, MAX_RADIUS_MILES
from search.service import InvalidRequest, validate_match_request

from .models import DeclineReason, Membership, Outcome, PiiItem, ReleaseMethod, SignedBy


def _need_choices():
    """Most requested first (by referrals so far), then the vocabulary's own order."""
    needs = Need.objects.annotate(used=Count("referrals")).order_by("-used", "sort_order", "name")
    return [(n.code, n.label) for n in needs]


def _language_choices():
    return [(lang.code, lang.label) for lang in Language.objects.all()]


RADIUS_CHOICES = [
    ("", _("Any distance")),
    ("5", _("5 miles")),
    ("10", _("10 miles")),
    ("25", _("25 miles")),
    ("50", _("50 miles")),
    ("100", _("100 miles")),
]


class ReferralFactsForm(forms.Form):
    """Needs, eligibility and urgency. There are deliberately no fields for a name or contact details."""

    needs = forms.MultipleChoiceField(label=_("Needs"), choices=_need_choices, widget=forms.CheckboxSelectMultiple)
    age = forms.IntegerField(
        label=_("Age"),
        min_value=0,
        max_value=MAX_AGE,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not given"))] + GENDER_CHOICES, required=False, widget=forms.RadioSelect
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the client speaks"),
        choices=_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trafficking_type = forms.ChoiceField(
        label=_("Type of trafficking"),
        required=False,
        choices=[("", _("Not given"))] + TRAFFICKING_TYPE_CHOICES,
        widget=forms.RadioSelect,
    )
    postal_code = forms.RegexField(
        label=_("ZIP code"),
        regex=r"^\d{5}$",
        required=False,
        max_length=5,
        error_messages={"invalid": _("Enter a five-digit ZIP code.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{5}", "autocomplete": "off"}),
    )
    radius_miles = forms.FloatField(
        label=_("Within (miles)"),
        min_value=0,
        max_value=MAX_RADIUS_MILES,
        required=False,
        widget=forms.Select(choices=RADIUS_CHOICES),
    )
    urgent = forms.BooleanField(
        label=_("Urgent (needs an answer within hours)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"role": "switch"}),
    )
    note = forms.CharField(
        label=_("Short note for the receiving organization"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names, phone numbers or addresses here."),
    )

    def match_request(self) -> dict:
        """The matching request (CONTRACT section 2) these facts make; omitted facts constrain nothing."""
        data = self.cleaned_data
        request = {"needs": data["needs"], "urgent": bool(data.get("urgent"))}
        for key in ("age", "gender", "trafficking_type", "postal_code", "radius_miles"):
            if data.get(key) not in (None, ""):
                request[key] = data[key]
        if data.get("languages"):
            request["languages"] = data["languages"]
        return request

    def clean(self):
        """The facts must also make a valid matching request: search's one validator decides (so the form,
        the API and the command line agree on every limit, e.g. a radius above zero and with a ZIP)."""
        cleaned = super().clean()
        if not self.errors:
            try:
                validate_match_request(self.match_request())
            except InvalidRequest as invalid:
                for name, message in invalid.fields.items():
                    self.add_error(name if name in self.fields else None, message)
        return cleaned


class DeclineForm(forms.Form):
    # No reason is preselected: declining is a decision the provider states, never a default.
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("Choose a reason"))] + DeclineReason.choices)


class AcceptForm(forms.Form):
    places_free = forms.IntegerField(
        label=_("Places free after taking this client (optional)"),
        min_value=0,
        max_value=999,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Updates the service's availability, as “Update availability” does. Leave empty to keep it."),
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question for the advocate"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names, phone numbers or addresses here."),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Encrypted; only the advocate and the receiving organization read it."),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["callback_phone"]
        widgets = {"callback_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}


WITHDRAW_REASONS = [
    ("placed-elsewhere", _("The client was placed elsewhere")),
    ("client-declined", _("The client no longer wants this")),
    ("sent-in-error", _("Sent by mistake")),
    ("other", _("Other")),
]


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)


def error_fields(form) -> dict:
    return {field: " ".join(str(e) for e in errors) for field, errors in form.errors.items()}


class ClientDetailsForm(forms.Form):
    """Optional PII. Encrypted at rest; shown to a receiving organization only under a release."""

    name = forms.CharField(label=_("Name"), required=False, max_length=500)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=500)
    email = forms.CharField(label=_("Email"), required=False, max_length=500)
    address = forms.CharField(label=_("Address"), required=False, max_length=500)
    safe_contact = forms.CharField(
        label=_("Safe-contact instructions"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReleaseForm(forms.Form):
    organization_id = forms.ChoiceField(label=_("Organization the client allows to see the details"))
    items = forms.MultipleChoiceField(
        label=_("Which details"), choices=PiiItem.choices, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(
        label=_("Purpose"), max_length=200, help_text=_("What the details are for. No names or contact details here.")
    )
    method = forms.ChoiceField(label=_("How consent was given"), choices=ReleaseMethod.choices)
    signed_by = forms.ChoiceField(label=_("Signed by"), choices=SignedBy.choices)
    signed_at = forms.DateTimeField(label=_("Signed at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    expires_at = forms.DateTimeField(
        label=_("Expires at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, referral=None, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = {r.organization for r in referral.recipients.select_related("organization")}
        self.fields["organization_id"].choices = sorted((str(o.hsds_id), o.title) for o in organizations)
        self.fields["expires_at"].help_text = _("At most %(days)s days after the signature.") % {
            "days": settings.REFERRAL_RELEASE_MAX_DAYS
        }

    def as_release_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["signed_at"] = data["signed_at"].isoformat()
        data["expires_at"] = data["expires_at"].isoformat()
        return data
