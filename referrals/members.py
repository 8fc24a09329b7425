"""Adding people to the coalition: a user, a membership with a role, and what that role may do."""

from django.contrib.auth import get_user_model
from django.db import transaction

from directory.models import OrganizationPage

from .models import Membership, Role


class MemberError(ValueError):
    pass


@transaction.atomic
def add_member(
    username: str, email: str, role: str, organization: OrganizationPage | None = None, password: str | None = None
):
    """Create or update a user and their membership. Returns (user, created)."""
    if role not in Role.values:
        raise MemberError(f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.")
    if role != Role.COALITION_ADMIN and organization is None:
        raise MemberError(f"The {role} role needs an organization (--org ORG_HSDS_ID).")
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    user.email = email
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    # Coalition admins run the admin; providers edit their own listing in it (scoped by group permissions).
    user.is_staff = role in (Role.COALITION_ADMIN, Role.PROVIDER)
    user.is_superuser = role == Role.COALITION_ADMIN
    user.save()
    Membership.objects.update_or_create(user=user, defaults={"role": role, "organization": organization})
    from directory.editors import grant_listing_editing, revoke_listing_editing, send_set_password_email

    if role == Role.PROVIDER:
        grant_listing_editing(user, organization)
    else:
        revoke_listing_editing(user)
    if created and not password and user.email:
        transaction.on_commit(lambda: send_set_password_email(user), robust=True)
    return user, created
