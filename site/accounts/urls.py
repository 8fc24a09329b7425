from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as webauthn

from . import views

# django-otp-webauthn's endpoints, under the enrolment and verification pages so that a user who still
# owes a second factor reaches them (the middleware leaves those two paths open); the library checks
# sign-in and, to add a passkey beside another factor, that this session has verified.
passkey_patterns = [
    path(
        "setup/passkey/begin/", webauthn.BeginCredentialRegistrationView.as_view(), name="credential-registration-begin"
    ),
    path(
        "setup/passkey/complete/",
        webauthn.CompleteCredentialRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "verify/passkey/begin/",
        webauthn.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "verify/passkey/complete/", views.PasskeyVerifyCompleteView.as_view(), name="credential-authentication-complete"
    ),
    path("verify/passkey/jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]

# Django's standard names (login, logout, password_reset...), so its views and emails find them.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/setup/", views.SecondFactorSetupView.as_view(), name="mfa_setup"),
    path("two-factor/verify/", views.SecondFactorVerifyView.as_view(), name="mfa_verify"),
    path("two-factor/setup/passkey/", views.PasskeySetupView.as_view(), name="mfa_passkey"),
    path("two-factor/", include((passkey_patterns, "otp_webauthn"))),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="registration/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
