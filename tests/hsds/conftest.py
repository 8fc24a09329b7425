import json
from pathlib import Path

import pytest
from django.conf import settings

from directory.models import Location
from tests.factories import make_organization, make_service


@pytest.fixture
def examples() -> Path:
    return Path(settings.HSDS_DIR) / "examples"


@pytest.fixture
def example(examples):
    def load(name):
        return json.loads((examples / name).read_text(encoding="utf-8"))

    return load


@pytest.fixture
def coalition(site_tree):
    """A small directory: a shelter at a confidential address, a legal clinic, and an unpublished draft."""
    shelter = make_organization(
        title="Harbor Refuge",
        email="info@harbor.example.org",
        website="https://harbor.example.org",
        phone="916-555-0101",
        description="<p>Safe beds.</p><p>Advocates on site.</p>",
        locations=[
            Location(
                name="Confidential shelter",
                address_1="12 Hidden Lane",
                postal_code="95814",
                latitude=38.57123,
                longitude=-121.48765,
                confidential_address=True,
            )
        ],
    )
    clinic = make_organization(
        title="River Legal Clinic",
        postal_code="95817",
        summary="Free legal help.",
        locations=[
            Location(name="Clinic office", address_1="400 Oak Avenue", postal_code="95817"),
            Location(name="Outreach desk", address_1="9 Elm Street", postal_code="95630"),
        ],
    )
    night = make_service(
        shelter,
        title="Night Shelter",
        needs=["emergency-shelter", "basic-needs"],
        languages=["en", "es"],
        populations=["women", "adults"],
        genders=["female", "transgender-nonbinary"],
        trafficking_types=["sex"],
        minimum_age=18,
        intake_24_7=True,
        phone="916-555-0102",
        email="beds@harbor.example.org",
        website="https://harbor.example.org/beds",
        description="<p>Beds every night.</p>",
        documents_required="None at all.",
        how_to_get_help="Call the hotline.",
    )
    visas = make_service(
        clinic,
        title="T-Visa Help",
        needs=["legal-immigration"],
        languages=["en", "vi"],
        schedules=[(0, "09:00", "17:00"), (2, "09:00", "17:00"), (4, "20:00", "02:00")],
        minimum_age=16,
        maximum_age=99,
        summary="Immigration relief for survivors.",
    )
    visas.accepting_referrals = False
    visas.save_revision().publish()
    draft = make_service(clinic, title="Unpublished Draft", needs=["legal-civil"], publish=False)
    return {"shelter": shelter, "clinic": clinic, "night": night, "visas": visas, "draft": draft}
