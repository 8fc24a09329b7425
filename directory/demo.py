"""The demo coalition, "Sacramento Together": fictional member organizations in real Sacramento County
places. Every organization's name ends in "(Sample)", every phone number is in the 555-01xx range, and
nothing here describes a real organization.

Loading is idempotent: each organization, location and service has a fixed HSDS id derived from its
slug, so a second run updates the same pages instead of adding new ones.
"""

import random
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Language, Location, Need, OrganizationPage, Population, ServicePage, ServiceSchedule
from .site_tree import ensure_site_tree

DEMO_NAMESPACE = uuid.UUID("6f1c2b1e-3f7a-4c55-9d0e-5a1e2c0b7d11")


def demo_uuid(kind: str, slug: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{slug}")


@dataclass
class ServiceSpec:
    name: str
    needs: list[str]
    populations: list[str] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    trafficking_types: list[str] = field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    intake_24_7: bool = False
    hours: str = "weekdays"  # weekdays | extended | evenings | overnight | weekend | none
    summary: str = ""


@dataclass
class OrgSpec:
    slug: str
    name: str
    sector: str
    city: str
    postal_code: str
    street: str
    languages: list[str]
    services: list[ServiceSpec]
    summary: str
    confidential: bool = False


# Service blueprints by sector. Each organization takes two to four of its sector's blueprints.
SHELTER = [
    ServiceSpec(
        "Emergency Shelter for Women",
        ["emergency-shelter", "basic-needs", "case-management"],
        ["women", "adults", "families-with-children"],
        genders=["female", "transgender-nonbinary"],
        min_age=18,
        intake_24_7=True,
        hours="none",
        summary="Confidential emergency shelter with meals, clothing and an advocate on site.",
    ),
    ServiceSpec(
        "Transitional Housing Program",
        ["transitional-housing", "case-management", "education-employment"],
        ["adults", "women", "families-with-children"],
        min_age=18,
        hours="weekdays",
        summary="Up to 24 months of housing with case management.",
    ),
    ServiceSpec(
        "Youth Emergency Shelter",
        ["emergency-shelter", "youth-services", "basic-needs"],
        ["minors"],
        min_age=12,
        max_age=17,
        intake_24_7=True,
        hours="none",
        summary="Safe beds for young people 12-17, open every night.",
    ),
    ServiceSpec(
        "Men's Safe Housing",
        ["emergency-shelter", "case-management"],
        ["men", "adults"],
        genders=["male"],
        min_age=18,
        hours="extended",
        summary="Short-term housing for men, including survivors of labor trafficking.",
    ),
    ServiceSpec(
        "Family Shelter Rooms",
        ["emergency-shelter", "basic-needs", "family-reunification"],
        ["families-with-children", "women"],
        hours="evenings",
        summary="Private rooms for parents with children.",
    ),
]
LEGAL = [
    ServiceSpec(
        "T-Visa and U-Visa Legal Help",
        ["legal-immigration"],
        ["foreign-nationals", "adults"],
        hours="weekdays",
        summary="Free immigration relief for survivors of trafficking and crime.",
    ),
    ServiceSpec(
        "Criminal Record Relief",
        ["legal-criminal"],
        ["adults", "transition-age-youth"],
        min_age=16,
        hours="weekdays",
        summary="Vacating convictions that were a result of being trafficked.",
    ),
    ServiceSpec(
        "Family and Civil Law Clinic",
        ["legal-civil", "family-reunification"],
        ["adults", "families-with-children"],
        min_age=18,
        hours="weekdays",
        summary="Restraining orders, custody and wage claims.",
    ),
    ServiceSpec(
        "Labor Rights Legal Clinic",
        ["legal-civil", "financial-assistance"],
        ["adults", "men", "foreign-nationals"],
        trafficking_types=["labor"],
        min_age=16,
        hours="evenings",
        summary="Unpaid wages and labor claims for survivors of labor trafficking.",
    ),
    ServiceSpec(
        "Youth Legal Advocacy",
        ["legal-criminal", "legal-civil", "youth-services"],
        ["minors", "transition-age-youth"],
        min_age=12,
        max_age=24,
        hours="weekdays",
        summary="Lawyers for young people in juvenile and family court.",
    ),
]
MEDICAL = [
    ServiceSpec(
        "Survivor Health Clinic",
        ["medical"],
        ["adults", "women", "lgbtq"],
        min_age=18,
        hours="extended",
        summary="Primary care, sexual health and forensic exams without judgment.",
    ),
    ServiceSpec(
        "Teen Health Visits",
        ["medical", "youth-services"],
        ["minors", "transition-age-youth"],
        min_age=12,
        max_age=24,
        hours="weekdays",
        summary="Confidential care for teens.",
    ),
    ServiceSpec(
        "Sexual Assault Forensic Exams",
        ["medical", "crisis-line"],
        ["adults", "minors"],
        trafficking_types=["sex"],
        intake_24_7=True,
        hours="none",
        summary="Forensic exams any hour, with an advocate present.",
    ),
    ServiceSpec(
        "Dental and Vision Day",
        ["medical", "basic-needs"],
        ["adults", "families-with-children"],
        hours="weekend",
        summary="Free dental and eye care on Saturdays.",
    ),
]
MENTAL = [
    ServiceSpec(
        "Trauma Therapy",
        ["mental-health"],
        ["adults", "lgbtq", "transgender-nonbinary"],
        min_age=18,
        hours="extended",
        summary="Individual trauma-focused therapy.",
    ),
    ServiceSpec(
        "Recovery and Substance Use Program",
        ["substance-use", "mental-health"],
        ["adults"],
        min_age=18,
        hours="weekdays",
        summary="Outpatient recovery with survivor-informed counselors.",
    ),
    ServiceSpec(
        "Survivor Peer Circle",
        ["peer-support", "mental-health"],
        ["women", "adults"],
        genders=["female", "transgender-nonbinary"],
        trafficking_types=["sex"],
        min_age=18,
        hours="evenings",
        summary="Weekly groups led by survivors.",
    ),
    ServiceSpec(
        "Youth Counseling",
        ["mental-health", "youth-services"],
        ["minors", "transition-age-youth"],
        min_age=10,
        max_age=21,
        hours="weekdays",
        summary="Counseling for young people and families.",
    ),
]
YOUTH = [
    ServiceSpec(
        "Drop-In Center for Youth",
        ["youth-services", "basic-needs", "peer-support"],
        ["transition-age-youth", "lgbtq"],
        min_age=14,
        max_age=24,
        hours="extended",
        summary="Meals, showers, laundry and a place to be.",
    ),
    ServiceSpec(
        "Youth Case Management",
        ["case-management", "youth-services", "education-employment"],
        ["minors", "transition-age-youth"],
        min_age=12,
        max_age=24,
        hours="weekdays",
        summary="An advocate who stays with a young person through school, court and housing.",
    ),
    ServiceSpec(
        "Family Reunification Support",
        ["family-reunification", "youth-services"],
        ["minors", "families-with-children"],
        max_age=17,
        hours="weekdays",
        summary="Help for young people and safe family members to reconnect.",
    ),
    ServiceSpec(
        "Job Readiness for Young Adults",
        ["education-employment"],
        ["transition-age-youth"],
        min_age=16,
        max_age=24,
        hours="weekdays",
        summary="Paid internships and GED support.",
    ),
]
IMMIGRATION = [
    ServiceSpec(
        "Immigrant Survivor Case Management",
        ["case-management", "legal-immigration", "interpretation"],
        ["foreign-nationals", "adults"],
        min_age=18,
        hours="weekdays",
        summary="Case managers who speak your language and know immigration relief.",
    ),
    ServiceSpec(
        "Interpretation Line",
        ["interpretation"],
        ["foreign-nationals"],
        intake_24_7=True,
        hours="none",
        summary="Phone interpreters for survivors and the agencies helping them.",
    ),
    ServiceSpec(
        "Farmworker Outreach",
        ["case-management", "basic-needs", "transportation"],
        ["foreign-nationals", "men", "adults"],
        trafficking_types=["labor"],
        hours="weekend",
        summary="Outreach to farm and field workers, with rides to appointments.",
    ),
]
LAW_ENFORCEMENT = [
    ServiceSpec(
        "Victim Services Unit",
        ["law-enforcement", "case-management", "crisis-line"],
        ["adults", "minors"],
        intake_24_7=True,
        hours="none",
        summary="Victim advocates who respond with officers and stay with the survivor after.",
    ),
    ServiceSpec(
        "Victim Witness Assistance",
        ["law-enforcement", "legal-criminal", "financial-assistance"],
        ["adults", "minors", "families-with-children"],
        hours="weekdays",
        summary="Support through court, and help claiming victim compensation.",
    ),
    ServiceSpec(
        "Child Exploitation Response",
        ["law-enforcement", "youth-services"],
        ["minors"],
        max_age=17,
        trafficking_types=["sex"],
        intake_24_7=True,
        hours="none",
        summary="Specialist response for children who are sexually exploited.",
    ),
]
COMMUNITY = [
    ServiceSpec(
        "Food and Clothing Closet",
        ["basic-needs"],
        ["adults", "families-with-children"],
        hours="weekdays",
        summary="Groceries, clothing and hygiene kits, no questions asked.",
    ),
    ServiceSpec(
        "Rides to Safety",
        ["transportation"],
        ["adults", "people-with-disabilities"],
        intake_24_7=True,
        hours="none",
        summary="Rides to shelter, court and medical care.",
    ),
    ServiceSpec(
        "Emergency Cash Assistance",
        ["financial-assistance", "basic-needs"],
        ["adults", "families-with-children"],
        min_age=18,
        hours="weekdays",
        summary="Small grants for rent, phones and ID documents.",
    ),
    ServiceSpec(
        "Survivor Employment Program",
        ["education-employment", "financial-assistance"],
        ["adults", "women"],
        min_age=18,
        hours="weekdays",
        summary="Job training and placement.",
    ),
]
HOTLINE = [
    ServiceSpec(
        "24-Hour Crisis Line",
        ["crisis-line", "case-management"],
        ["adults", "minors", "lgbtq"],
        intake_24_7=True,
        hours="none",
        summary="Talk with an advocate any time, day or night.",
    ),
    ServiceSpec(
        "Text and Chat Support",
        ["crisis-line", "peer-support"],
        ["transition-age-youth", "minors"],
        min_age=13,
        hours="overnight",
        summary="Text or chat with a trained advocate.",
    ),
]
BLUEPRINTS = {
    "shelter": SHELTER,
    "legal": LEGAL,
    "medical": MEDICAL,
    "mental-health": MENTAL,
    "youth": YOUTH,
    "immigration": IMMIGRATION,
    "law-enforcement": LAW_ENFORCEMENT,
    "community": COMMUNITY,
    "hotline": HOTLINE,
}

# (name, sector, city, ZIP, street, languages besides English)
ORGANIZATIONS = [
    ("Harbor House Women's Refuge", "shelter", "Sacramento", "95814", "1200 J Street", ["es", "ru"]),
    ("River City Safe Haven", "shelter", "Sacramento", "95817", "2800 Broadway", ["es", "hmn"]),
    ("Elk Grove Family Shelter", "shelter", "Elk Grove", "95624", "9100 Elk Grove Blvd", ["es", "pa", "hi"]),
    ("Citrus Heights Bridge Housing", "shelter", "Citrus Heights", "95610", "7400 Auburn Blvd", ["ru", "uk"]),
    ("Delta Youth Nest", "shelter", "Galt", "95632", "400 C Street", ["es"]),
    ("Capitol Legal Aid for Survivors", "legal", "Sacramento", "95814", "915 L Street", ["es", "zh", "vi"]),
    ("Sierra Immigrant Justice Center", "legal", "Sacramento", "95815", "1500 Del Paso Blvd", ["es", "fa", "ps", "ar"]),
    ("Folsom Community Law Project", "legal", "Folsom", "95630", "300 Natoma Street", ["es"]),
    ("Valley Workers' Rights Clinic", "legal", "Rancho Cordova", "95670", "2900 Zinfandel Drive", ["es", "tl", "pa"]),
    ("Oak Park Community Health", "medical", "Sacramento", "95817", "3400 Third Avenue", ["es", "hmn"]),
    (
        "South Sacramento Health Partners",
        "medical",
        "Sacramento",
        "95823",
        "7600 Stockton Blvd",
        ["es", "vi", "hmn", "zh"],
    ),
    ("Carmichael Family Clinic", "medical", "Carmichael", "95608", "5600 Fair Oaks Blvd", ["ru", "uk", "fa"]),
    ("North Highlands Wellness", "medical", "North Highlands", "95660", "4000 Watt Avenue", ["es", "ru"]),
    ("Healing Roots Counseling", "mental-health", "Sacramento", "95816", "2600 Capitol Avenue", ["es", "ase"]),
    ("Arden Trauma Recovery Center", "mental-health", "Sacramento", "95825", "2100 Arden Way", ["fa", "ar", "ru"]),
    ("Fair Oaks Recovery Collective", "mental-health", "Fair Oaks", "95628", "8000 Sunset Avenue", ["es"]),
    ("Next Chapter Youth Alliance", "youth", "Sacramento", "95811", "1800 Del Paso Road", ["es", "hmn", "tl"]),
    ("Meadowview Youth Collective", "youth", "Sacramento", "95832", "2500 Meadowview Road", ["es", "vi"]),
    ("Antelope Teen Outreach", "youth", "Antelope", "95843", "3900 Elverta Road", ["ru", "uk", "es"]),
    ("Orangevale Youth Futures", "youth", "Orangevale", "95662", "9200 Greenback Lane", ["es"]),
    (
        "New Horizons Immigrant Services",
        "immigration",
        "Sacramento",
        "95838",
        "4200 Norwood Avenue",
        ["es", "hmn", "vi", "zh", "tl", "pa", "ru", "ar", "ko", "fa"],
    ),
    ("Golden Fields Farmworker Alliance", "immigration", "Isleton", "95641", "200 Second Street", ["es", "pa", "tl"]),
    ("Little Saigon Family Center", "immigration", "Sacramento", "95824", "6700 Stockton Blvd", ["vi", "zh", "ko"]),
    (
        "County Sheriff Victim Services (Sample)",
        "law-enforcement",
        "Sacramento",
        "95827",
        "9000 Kiefer Blvd",
        ["es", "hmn", "ru"],
    ),
    (
        "District Attorney Victim Witness (Sample)",
        "law-enforcement",
        "Sacramento",
        "95814",
        "900 G Street",
        ["es", "vi", "zh", "ru", "pa"],
    ),
    (
        "Elk Grove Police Victim Advocates (Sample)",
        "law-enforcement",
        "Elk Grove",
        "95758",
        "8400 Laguna Palms Way",
        ["es", "pa", "tl"],
    ),
    ("Rio Linda Community Pantry", "community", "Rio Linda", "95673", "6700 Front Street", ["es"]),
    ("Rancho Cordova Neighbors", "community", "Rancho Cordova", "95742", "10600 Folsom Blvd", ["es", "ru", "uk"]),
    ("Second Step Employment Works", "community", "Sacramento", "95820", "5500 Franklin Blvd", ["es", "hmn"]),
    ("Safe Passage Rides", "community", "Sacramento", "95822", "4300 Freeport Blvd", ["es", "ru"]),
    (
        "Lifeline Sacramento Crisis Line",
        "hotline",
        "Sacramento",
        "95821",
        "3200 Marconi Avenue",
        ["es", "hmn", "vi", "zh", "ru", "tl", "pa"],
    ),
    ("Bright Path Text Line", "hotline", "Citrus Heights", "95621", "6100 Sunrise Blvd", ["es"]),
    ("Galt Community Resource Center", "community", "Galt", "95632", "600 Lincoln Way", ["es", "pa"]),
    (
        "Sacramento Valley Survivor Network",
        "mental-health",
        "Sacramento",
        "95826",
        "8200 Folsom Blvd",
        ["es", "tl", "ko"],
    ),
]

HOURS = {
    "weekdays": [(d, time(9), time(17)) for d in range(5)],
    "extended": [(d, time(8), time(20)) for d in range(5)] + [(5, time(10), time(14))],
    "evenings": [(d, time(17), time(22)) for d in range(5)],
    # Overnight hours cross midnight: Monday 20:00 to Tuesday 04:00, and so on through the week.
    "overnight": [(d, time(20), time(4)) for d in range(7)],
    "weekend": [(5, time(9), time(15)), (6, time(10), time(14))],
    "none": [],
}

# A few fixed exceptions so the demo shows every state a listing can be in.
NOT_ACCEPTING = {
    "harbor-house-womens-refuge-family-shelter-rooms",
    "elk-grove-family-shelter-youth-emergency-shelter",
    "sierra-immigrant-justice-center-family-and-civil-law-clinic",
    "next-chapter-youth-alliance-job-readiness-for-young-adults",
    "safe-passage-rides-emergency-cash-assistance",
}
INACTIVE = {
    "carmichael-family-clinic-dental-and-vision-day": "inactive",
    "arden-trauma-recovery-center-survivor-peer-circle": "temporarily closed",
    "rancho-cordova-neighbors-rides-to-safety": "inactive",
}


def slugify_name(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name.replace("(Sample)", "").replace("'", ""))


def organization_specs() -> list[OrgSpec]:
    specs = []
    for index, (name, sector, city, zip_code, street, languages) in enumerate(ORGANIZATIONS):
        slug = slugify_name(name)
        rng = random.Random(slug)
        blueprints = BLUEPRINTS[sector]
        count = min(len(blueprints), 3 if len(blueprints) >= 3 else len(blueprints))
        if index % 4 == 0 and len(blueprints) >= 4:
            count = 4
        chosen = rng.sample(blueprints, count)
        display = name if "(Sample)" in name else f"{name} (Sample)"
        specs.append(
            OrgSpec(
                slug=slug,
                name=display,
                sector=sector,
                city=city,
                postal_code=zip_code,
                street=street,
                languages=["en", *languages],
                services=chosen,
                confidential=(sector == "shelter"),
                summary=f"Sample data: a fictional {sector.replace('-', ' ')} member of Sacramento Together "
                f"serving {city} and the county.",
            )
        )
    return specs


@transaction.atomic
def load_demo(stdout=None) -> dict:
    """Create or update the demo coalition. Returns counts of what was created and updated."""
    index = ensure_site_tree()
    needs = {n.code: n for n in Need.objects.all()}
    populations = {p.code: p for p in Population.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    counts = {"organizations": 0, "services": 0, "created": 0, "updated": 0}
    phone_number = iter(range(100, 200))

    for org_number, spec in enumerate(organization_specs()):
        org_id = demo_uuid("organization", spec.slug)
        org = OrganizationPage.objects.filter(hsds_id=org_id).first()
        created = org is None
        if created:
            org = OrganizationPage(hsds_id=org_id, slug=spec.slug)
        org.title = spec.name
        org.summary = spec.summary
        org.description = (
            f"<p>{spec.name} is <b>sample data</b> for trying out the directory. It is not a real "
            "organization; do not contact it.</p>"
        )
        org.website = f"https://{spec.slug}.example.org"
        org.phone = f"916-555-01{next(phone_number) % 100:02d}"
        org.email = f"info@{spec.slug}.example.org"
        org.sector = spec.sector
        org.member_since = date(2015 + org_number % 10, 1 + org_number % 12, 1)
        # Most listings are fresh; a few are stale, so "may be out of date" can be seen in the demo.
        org.last_verified = date(2026, 10, 1) if org_number % 9 else date(2026, 1, 15)
        location = _demo_location(org, spec)
        if created:
            index.add_child(instance=org)
        org.save_revision().publish()
        location = org.locations.get(hsds_id=location.hsds_id)
        counts["organizations"] += 1
        counts["created" if created else "updated"] += 1

        for blueprint in spec.services:
            _upsert_service(org, spec, blueprint, location, needs, populations, languages, counts)
    return counts


def _demo_location(org, spec):
    location_id = demo_uuid("location", spec.slug)
    existing = {loc.hsds_id: loc for loc in org.locations.all()} if org.pk else {}
    location = existing.get(location_id) or Location(hsds_id=location_id)
    location.name = f"{spec.name.replace(' (Sample)', '')} - {spec.city}"
    location.address_1 = spec.street
    location.city = spec.city
    location.postal_code = spec.postal_code
    location.confidential_address = spec.confidential
    location.latitude = location.longitude = None  # geocoded from the ZIP on save
    location.fill_from_zip()
    org.locations = [location]
    return location


def _upsert_service(org, spec, blueprint, location, needs, populations, languages, counts):
    slug = f"{spec.slug}-{slugify_name(blueprint.name)}"
    service_id = demo_uuid("service", slug)
    service = ServicePage.objects.filter(hsds_id=service_id).first()
    created = service is None
    if created:
        service = ServicePage(hsds_id=service_id, slug=slugify_name(blueprint.name))
    service.title = blueprint.name
    service.summary = blueprint.summary
    service.description = f"<p>{blueprint.summary} Sample data, not a real service.</p>"
    service.status = INACTIVE.get(slug, "active")
    service.genders = list(blueprint.genders)
    service.trafficking_types = list(blueprint.trafficking_types)
    service.minimum_age = blueprint.min_age
    service.maximum_age = blueprint.max_age
    service.intake_24_7 = blueprint.intake_24_7
    service.accepting_referrals = slug not in NOT_ACCEPTING
    service.capacity_note, hours_ago = _capacity(slug, blueprint, service.accepting_referrals)
    service.capacity_updated_at = timezone.now() - timedelta(hours=hours_ago) if service.capacity_note else None
    service.places_free = _places_free(service.capacity_note, service.accepting_referrals)
    service.phone = org.phone
    service.email = org.email
    service.how_to_get_help = (
        "Call us, or ask any coalition advocate to send a referral. Walk-ins are welcome during open hours."
        if not blueprint.intake_24_7
        else "Call any time, day or night. An advocate answers and can arrange a ride."
    )
    service.eligibility_description = _eligibility_words(blueprint)
    service.fees_description = "Free"
    service.documents_required = "None. You do not need ID or immigration papers to get help."
    service.accessibility = "Wheelchair accessible entrance. Service animals welcome."
    service.interpretation_services = "Free interpreters for any language by phone."
    service.needs = [needs[c] for c in blueprint.needs]
    service.populations = [populations[c] for c in blueprint.populations]
    service.languages = [languages[c] for c in spec.languages if c in languages]
    service.locations = [location]
    service.schedules = [ServiceSchedule(weekday=d, opens_at=o, closes_at=c) for d, o, c in HOURS[blueprint.hours]]
    if created:
        org.add_child(instance=service)
    # Inactive services stay published so their page can say so; matching and listings leave them out.
    service.save_revision().publish()
    counts["services"] += 1
    counts["created" if created else "updated"] += 1


def _capacity(slug: str, blueprint: ServiceSpec, accepting: bool) -> tuple[str, int]:
    """A capacity note and how many hours ago it was given, for housing and for services that are full."""
    rng = random.Random(f"capacity:{slug}")
    if not accepting:
        return rng.choice(["Full tonight", "Waitlist is full", "No openings this week"]), rng.randint(2, 30)
    if "emergency-shelter" in blueprint.needs:
        return rng.choice(["2 beds free", "1 bed free", "3 beds free", "Room for 1 family"]), rng.randint(1, 20)
    if "transitional-housing" in blueprint.needs:
        return rng.choice(["1 unit opening soon", "2 units free"]), rng.randint(24, 120)
    return "", 0


def _places_free(note: str, accepting: bool) -> int | None:
    """The number in a demo note such as "2 beds free"; 0 for a full service; None when the note gives none."""
    found = re.search(r"(\d+) \w+ free", note)
    if found:
        return int(found.group(1))
    return 0 if note and not accepting else None


def _eligibility_words(blueprint: ServiceSpec) -> str:
    parts = []
    if blueprint.min_age is not None and blueprint.max_age is not None:
        parts.append(f"Ages {blueprint.min_age} to {blueprint.max_age}.")
    elif blueprint.min_age is not None:
        parts.append(f"Ages {blueprint.min_age} and over.")
    elif blueprint.max_age is not None:
        parts.append(f"Up to age {blueprint.max_age}.")
    if blueprint.genders:
        parts.append("For " + " and ".join(g.replace("-", " or ") for g in blueprint.genders) + " survivors.")
    if blueprint.trafficking_types:
        parts.append(f"For survivors of {blueprint.trafficking_types[0]} trafficking.")
    return " ".join(parts) or "Anyone affected by trafficking."
