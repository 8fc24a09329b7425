from django.core.management.base import BaseCommand, CommandError

from directory.models import OrganizationPage
from referrals.members import MemberError, add_member
from referrals.models import Role


class Command(BaseCommand):
    help = "Create or update a coalition member: a user with a role and (for advocates and providers) an org."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--org", help="The member organization's HSDS id (required for advocate, provider).")

    def handle(self, username, email, role, org=None, **options):
        organization = None
        if org:
            organization = OrganizationPage.objects.filter(hsds_id=_uuid_or_none(org)).first()
            if organization is None:
                raise CommandError(f"No organization has the HSDS id {org}.")
        try:
            user, created = add_member(username, email, role, organization)
        except MemberError as problem:
            raise CommandError(str(problem)) from None
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} {user.username} as {role}" + (f" of {organization.title}." if organization else "."))


def _uuid_or_none(value):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None
