// After django-otp-webauthn registers a passkey, show the page again: the new passkey and "Continue".
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
