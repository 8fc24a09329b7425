"""Sign-in, sign-out and the second factor: an authenticator app (TOTP: enrolment with a QR code, then a
code at each sign-in) or a passkey (WebAuthn, django-otp-webauthn), or both."""

from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.views import CompleteCredentialAuthenticationView

from .forms import OneTimeCodeForm, QueuedPasswordResetForm, SignInForm
from .policy import (
    confirmed_devices,
    default_landing,
    has_passkey,
    has_totp,
    must_verify,
    passkeys_of,
    safe_next,
    second_factor_url,
)
from .qr import qr_svg

DEVICE_NAME = "Authenticator app"


class LoginView(auth_views.LoginView):
    """The one sign-in page, for the site and for Wagtail's admin. Wrong password and unknown user get the
    same form back with the same message; a user who owes a second factor goes on to it."""

    template_name = "registration/login.html"
    authentication_form = SignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if must_verify(user):
            return redirect(second_factor_url(user, self.get_success_url()))
        return response

    def get_default_redirect_url(self):
        if self.next_page:
            return super().get_default_redirect_url()
        return default_landing(self.request.user)


@method_decorator([csrf_protect, never_cache], name="dispatch")
class LogoutView(View):
    """GET asks, POST signs out. Signing out flushes the session on the server, second factor included."""

    def get(self, request):
        if not request.user.is_authenticated:
            return redirect("login")
        return render(request, "registration/logout_confirm.html")

    def post(self, request):
        logout(request)
        messages.info(request, _("You have signed out."))
        return redirect("login")


def _next(request):
    return safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _finish(request):
    return redirect(_next(request) or default_landing(request.user))


@method_decorator([sensitive_post_parameters("code"), never_cache, login_required], name="dispatch")
class SecondFactorSetupView(View):
    """Enrolment: show the secret as a QR code and as text; a correct code from the app confirms it.

    Only a user with no confirmed device, or one who has already verified this session, may enrol, so a
    stolen password alone cannot replace someone's authenticator.
    """

    template_name = "accounts/mfa_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if confirmed_devices(request.user) and not request.user.is_verified():
            return redirect(second_factor_url(request.user, _next(request)))
        return super().dispatch(request, *args, **kwargs)

    def pending_device(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).order_by("pk").last()
        if device is None:
            device = TOTPDevice.objects.create(user=self.request.user, name=DEVICE_NAME, confirmed=False)
        return device

    def render_page(self, form, device, status=200):
        secret = b32encode(device.bin_key).decode("ascii")
        context = {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": _next(self.request),
            "replacing": bool(confirmed_devices(self.request.user)),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(OneTimeCodeForm(), self.pending_device())

    def post(self, request):
        device = self.pending_device()
        form = OneTimeCodeForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            # The new device replaces any older one and any other unfinished enrolment.
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(
                request, _("Your authenticator app is set up. You will need a code from it each time you sign in.")
            )
            return _finish(request)
        if form.is_valid():
            form.add_error(
                "code", _("That code did not work. Check that your phone's clock is right and try the newest code.")
            )
        return self.render_page(form, device, status=400)


@method_decorator([sensitive_post_parameters("code"), never_cache, login_required], name="dispatch")
class SecondFactorVerifyView(View):
    template_name = "accounts/mfa_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if not confirmed_devices(request.user):
            return redirect(second_factor_url(request.user, _next(request)))
        if request.user.is_verified():
            return _finish(request)
        return super().dispatch(request, *args, **kwargs)

    def context(self, form):
        user = self.request.user
        return {"form": form, "next": _next(self.request), "has_passkey": has_passkey(user), "has_totp": has_totp(user)}

    def get(self, request):
        return render(request, self.template_name, self.context(OneTimeCodeForm()))

    def post(self, request):
        form = OneTimeCodeForm(request.POST)
        if form.is_valid():
            devices = confirmed_devices(request.user)
            if not any(device.verify_is_allowed()[0] for device in devices):
                form.add_error(None, _("Too many wrong codes. Wait a minute, then try the newest code."))
            else:
                device = match_token(request.user, form.cleaned_data["code"])
                if device is not None:
                    otp_login(request, device)
                    return _finish(request)
                form.add_error("code", _("That code did not work. Try the newest code from your app."))
        return render(request, self.template_name, self.context(form), status=400)


@method_decorator([never_cache, login_required], name="dispatch")
class PasskeySetupView(View):
    """Add a passkey as a second factor, beside or instead of the authenticator app. The same rule as for
    the app: only a user with no confirmed factor, or one who has verified this session, may add one."""

    template_name = "accounts/mfa_passkey.html"

    def dispatch(self, request, *args, **kwargs):
        if confirmed_devices(request.user) and not request.user.is_verified():
            return redirect(second_factor_url(request.user, _next(request)))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        context = {
            "passkeys": passkeys_of(request.user),
            "next": _next(request),
            "continue_url": _next(request) or default_landing(request.user),
        }
        return render(request, self.template_name, context)


class PasskeyVerifyCompleteView(CompleteCredentialAuthenticationView):
    """The library's last verification step; afterwards the user lands where a code would have taken them."""

    def get_success_url(self):
        return safe_next(self.request, self.request.GET.get("next")) or default_landing(self.request.user)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "registration/password_reset_form.html"
