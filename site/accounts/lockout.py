from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer once a username and address have failed too often. It names no user and reads the
    same whether or not the account exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE
    )
