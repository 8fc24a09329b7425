"""`load_demo`: the demo coalition (directory), its accounts and sample referrals (referrals), the index (search).

It spans the apps, so it lives in the site layer, above all of them.
"""

from contextlib import nullcontext

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from content.demo import load_demo_content
from content.demo_es import translate_demo_content
from directory.demo import load_demo
from directory.demo_es import translate_demo
from directory.hooks import bulk_writing
from directory.locales import in_source_locale
from directory.models import OrganizationPage
from referrals.demo import load_demo_operations, load_demo_referrals
from referrals.members import add_member
from training.demo import load_demo_training
from training.models import ADVOCATES_GROUP, MEMBERS_GROUP

DEMO_PASSWORD = "sacramento-demo-2026"

# The home page's Spanish words (the rest of the Spanish demo is in directory/demo_es.py).
HOME_ES = {"intro": "Encuentre ayuda segura y confidencial en las organizaciones miembros de nuestra coalición."}


class Command(BaseCommand):
    help = "Create or update the demo coalition 'Sacramento Together' and its demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Do not create the demo accounts.")
        parser.add_argument("--no-index", action="store_true", help="Do not rebuild the search index.")

    def handle(self, *args, no_accounts=False, no_index=False, **options):
        # The index is rebuilt in one go below: no one-page index update for each page published on the way.
        with bulk_writing() if not no_index else nullcontext():
            self.load(no_accounts)
        if not no_index:
            self.rebuild_index()
        if not no_accounts:
            self.create_sample_referrals()

    def load(self, no_accounts):
        self.stdout.write("Loading the demo coalition…")
        counts = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['organizations']} organizations and {counts['services']} services "
                f"({counts['created']} created, {counts['updated']} updated)."
            )
        )
        content = load_demo_content()
        load_demo_training()
        self.stdout.write("About, recognise the signs, news, events and the training library are published.")
        spanish = translate_demo(home_words=HOME_ES)
        self.stdout.write(
            f"Spanish versions: the home page, the directory, {spanish['organizations']} organizations "
            f"and {spanish['services']} services."
        )
        translate_demo_content(content)
        self.stdout.write("Spanish versions: about, news (with the press release) and events.")
        if not no_accounts:
            self.create_accounts()

    def rebuild_index(self):
        call_command("search_index", "--rebuild", stdout=self.stdout)

    def create_accounts(self):
        harbor = OrganizationPage.objects.filter(in_source_locale()).get(slug="harbor-house-womens-refuge")
        lifeline = OrganizationPage.objects.filter(in_source_locale()).get(slug="lifeline-sacramento-crisis-line")
        # The training library's audience groups: the advocate reads the advocates' section, the provider the
        # all-members one; the admin (a superuser) reads everything.
        accounts = [
            ("admin", "admin@example.org", "coalition-admin", None, ()),
            ("advocate", "advocate@example.org", "advocate", lifeline, (MEMBERS_GROUP, ADVOCATES_GROUP)),
            ("provider", "provider@example.org", "provider", harbor, (MEMBERS_GROUP,)),
        ]
        self.stdout.write(f"Demo accounts (password for each: {DEMO_PASSWORD}):")
        for username, email, role, org, training_groups in accounts:
            user, _created = add_member(username, email, role, org, password=DEMO_PASSWORD)
            user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in training_groups))
            where = f" at {org.title}" if org else ""
            self.stdout.write(f"  {username:<9} {role}{where}")

    def create_sample_referrals(self):
        """A few referrals from the demo advocate to the demo provider, so every referral screen has content."""
        users = get_user_model().objects
        made = load_demo_referrals(users.get(username="advocate"), users.get(username="provider"))
        if made:
            self.stdout.write(f"{made} sample referrals from the demo advocate to the demo provider.")
        operations = load_demo_operations(
            users.get(username="admin"), users.get(username="advocate"), users.get(username="provider")
        )
        if operations:
            self.stdout.write(f"{operations} sample operations: one over (with its report), one active (with holds).")
