from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "")


class SignInForm(AuthenticationForm):
    """Django's sign-in form without `autofocus`: the first keyboard stops stay the skip link and "Exit this
    page", as on every other page (focus jumping into a field skips the way out)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


class QueuedPasswordResetForm(PasswordResetForm):
    """Hands the lookup and the email to a background task, so the answer comes back the same way, in the
    same time, whether or not an account has that address. Links are built from SITE_BASE_URL, never from
    the request's Host header."""

    def save(self, **kwargs):
        from .tasks import send_password_reset

        base = urlsplit(settings.SITE_BASE_URL)
        send_password_reset.enqueue(self.cleaned_data["email"], base.netloc, base.scheme == "https")
