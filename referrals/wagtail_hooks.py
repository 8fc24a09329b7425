"""The listing admin links back to the referral screens (the referral screens link to the admin in their nav)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from . import access
from .operations.admin import OperationsGroup


class ReferralsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.actor_for(request.user) is not None


@hooks.register("register_admin_menu_item")
def referrals_menu_item():
    return ReferralsMenuItem(_("Referrals"), reverse_lazy("referrals:home"), icon_name="mail", order=150)


register_snippet(OperationsGroup)
