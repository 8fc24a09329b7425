"""The coalition directory: member organizations and their services as Wagtail pages.

Page tree: HomePage → DirectoryIndexPage → OrganizationPage → ServicePage.
Every organization, location and service carries an `hsds_id` (a UUID), its identity in HSDS exchange.
The models live in one module per subject; every name is importable from `directory.models`.
"""

from .fields import ChoiceListField
from .location import Location
from .organization import DirectoryIndexPage, OrganizationPage
from .service import DAY_LABELS, ServicePage, ServicePageForm, ServiceSchedule
from .upkeep import CapacityChange, OrganizationEditors, ProblemReport, VerificationReminder
from .vocabularies import Language, Need, Population, Term

__all__ = [
    "DAY_LABELS",
    "CapacityChange",
    "ChoiceListField",
    "DirectoryIndexPage",
    "Language",
    "Location",
    "Need",
    "OrganizationEditors",
    "OrganizationPage",
    "Population",
    "ProblemReport",
    "ServicePage",
    "ServicePageForm",
    "ServiceSchedule",
    "Term",
    "VerificationReminder",
]
