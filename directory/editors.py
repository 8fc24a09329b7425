"""Who may edit which listing: one Wagtail group per member organization, plus the coalition reviewers.

A member organization's editors may change (never publish) their own organization page and add or change
the service pages below it; every change goes to Coalition review (see `directory.workflows`). Coalition
admins are superusers and may do everything, including reviewing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django_tasks import task
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .models import OrganizationEditors, OrganizationPage, ProblemReport
from .task_priority import PERSON_WAITING

REVIEWERS_GROUP = "Coalition reviewers"

# Page permissions an organization's editors hold on their own organization page (and so on its services).
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
# Logos: upload and choose images.
EDITOR_IMAGE_PERMISSIONS = ("add_image", "choose_image")


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group_name(organization: OrganizationPage) -> str:
    # Titles change and may repeat; the HSDS id keeps the name unique. Group.name holds 150 characters.
    return f"Listing editors: {organization.title[:80]} ({str(organization.hsds_id)[:8]})"


@transaction.atomic
def editors_group(organization: OrganizationPage) -> Group:
    """The organization's editors group with exactly its permissions, created on first use (idempotent)."""
    link = OrganizationEditors.objects.select_related("group").filter(organization=organization).first()
    if link is None:
        group, _ = Group.objects.get_or_create(name=_group_name(organization))
        link = OrganizationEditors.objects.create(organization=organization, group=group)
    group = link.group
    group.permissions.add(
        _permission("wagtailadmin", "access_admin"),
        _permission("directory", "view_problemreport"),
        _permission("directory", "change_problemreport"),
    )
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=organization.page_ptr, permission=_permission("wagtailcore", codename)
        )
    root_collection = Collection.get_first_root_node()
    for codename in EDITOR_IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=_permission("wagtailimages", codename)
        )
    return group


def grant_listing_editing(user, organization: OrganizationPage) -> Group:
    """Make `user` an editor of `organization`'s listing (and of no other organization's)."""
    group = editors_group(organization)
    others = Group.objects.filter(listing_editors_of__isnull=False).exclude(pk=group.pk)
    user.groups.remove(*others)
    user.groups.add(group)
    return group


def revoke_listing_editing(user) -> None:
    user.groups.remove(*Group.objects.filter(listing_editors_of__isnull=False))


def edited_organization_ids(user) -> set[int]:
    """Pages ids of the organizations whose listing `user` edits (empty for anonymous users)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(OrganizationEditors.objects.filter(group__user=user).values_list("organization_id", flat=True))


def can_manage_listing(user, organization: OrganizationPage) -> bool:
    """May `user` update availability, confirm the listing and read its problem reports? Editors, admins."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or organization.pk in edited_organization_ids(user)


def is_reviewer(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name=REVIEWERS_GROUP).exists())


def listing_editors(organization: OrganizationPage):
    """Active users with an email address who edit `organization`'s listing."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__listing_editors_of__organization=organization, is_active=True)
        .exclude(email="")
        .distinct()
    )


def coalition_reviewers():
    """Active users with an email who review listings: the reviewers group and the coalition admins."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (
        get_user_model()
        .objects.filter(Q(groups__name=REVIEWERS_GROUP) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
        .distinct()
    )


def problem_reports_for(user):
    if user.is_superuser or is_reviewer(user):
        return ProblemReport.objects.all()
    return ProblemReport.objects.filter(organization_id__in=edited_organization_ids(user))


@task(priority=PERSON_WAITING)
def send_invitation(user_id: int) -> bool:
    """The invitation to choose a password, sent from the worker (queued when the member is added)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    return send_set_password_email(user) if user is not None else False


def send_set_password_email(user) -> bool:
    """Invite a new member to choose a password: a one-time link (Django's reset token), nothing else."""
    if not user.email:
        return False
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import NoReverseMatch, reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    args = [urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]
    try:
        path = reverse("password_reset_confirm", args=args)
    except NoReverseMatch:
        path = reverse("wagtailadmin_password_reset_confirm", args=args)
    context = {
        "username": user.get_username(),
        "set_password_url": settings.SITE_BASE_URL + path,
        "forgot_password_url": settings.SITE_BASE_URL + _password_reset_path(),
        "coalition_name": settings.COALITION_NAME,
    }
    subject = render_to_string("directory/members/email/set_password_subject.txt", context).strip()
    body = render_to_string("directory/members/email/set_password.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


def _password_reset_path() -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("password_reset")
    except NoReverseMatch:
        return reverse("wagtailadmin_password_reset")
