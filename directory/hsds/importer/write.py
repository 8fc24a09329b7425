"""Step 3 of an import: write the planned organizations, locations and services, all in one transaction."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from directory.hsds.serialize import plain_text, rich_text
from directory.models import Language, Location, Need, OrganizationPage, Population, ServicePage, ServiceSchedule
from directory.site_tree import ensure_site_tree

from .plan import (
    age,
    assign,
    collect_organizations,
    description_of,
    languages_of,
    phone_of,
    plan_service,
    schedules_of,
    summary_of,
    validation_message,
)
from .read import HSDSImportError


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    # What the listeners of `pages_imported` did with the result, e.g. the search index they wrote.
    indexed: list[dict] = field(default_factory=list)

    def add(self, kind: str, outcome: str):
        self.counts[f"{kind} {outcome}"] += 1

    def lines(self) -> list[str]:
        kinds = ["organizations", "locations", "services", "languages"]
        out = []
        for kind in kinds:
            parts = [
                f"{self.counts[f'{kind} {o}']} {o}"
                for o in ("created", "updated", "unchanged")
                if self.counts[f"{kind} {o}"]
            ]
            if parts:
                out.append(f"{kind}: " + ", ".join(parts))
        for summary in self.indexed:
            out.append(f"search index ({summary['backend']}): {summary['documents']} services written")
        return out


class Importer:
    def __init__(self, progress=None):
        self.report = ImportReport()
        self.progress = progress or (lambda items, **kw: items)
        self.index = None
        self.orgs: dict[str, OrganizationPage] = {}
        self.locations: dict[str, Location] = {}
        # Services moved here from an organization outside the import: their old documents sit under it.
        self.moved_services: set[int] = set()

    def run(self, organizations: list[dict], services: list[dict]) -> ImportReport:
        with transaction.atomic():
            self.index = ensure_site_tree()
            plans = [plan_service(n, s) for n, s in enumerate(services, start=1)]
            org_objects = collect_organizations(organizations, services, plans)
            for org_id, (label, obj, locations) in self.progress(org_objects.items(), desc="organizations"):
                self._save_organization(org_id, label, obj, locations)
            for plan in self.progress(plans, desc="services"):
                self._save_service(plan)
        return self.report

    # Organizations and their locations.

    def _save_organization(self, org_id: str, label: str, obj: dict | None, locations: dict):
        page = OrganizationPage.objects.filter(hsds_id=org_id).first()
        if page is None and obj is None:
            raise HSDSImportError(f"{label}: no organization {org_id} in the file or the directory")
        created = page is None
        if created:
            page = OrganizationPage(hsds_id=org_id, title=obj["name"], slug=self._slug(self.index, obj["name"]))
        changed = created
        if obj is not None:
            changed |= self._apply_organization(page, obj)
        current = list(page.locations.all()) if not created else []
        by_id = {str(loc.hsds_id): loc for loc in current}
        for loc_id, loc_obj in locations.items():
            loc = by_id.get(loc_id)
            if loc is None:
                existing = Location.objects.filter(hsds_id=loc_id).first()
                if existing is not None and str(existing.organization.hsds_id) != org_id:
                    self.locations[loc_id] = existing  # another organization's place, linked as it is
                    self.report.add("locations", "unchanged")
                    continue
                loc = Location(hsds_id=loc_id)
                by_id[loc_id] = loc
                current.append(loc)
                self.report.add("locations", "created")
                changed = True
                self._apply_location(loc, loc_obj, label)
            elif self._apply_location(loc, loc_obj, label):
                self.report.add("locations", "updated")
                changed = True
            else:
                self.report.add("locations", "unchanged")
        if changed:
            page.locations = current
            try:
                if created:
                    self.index.add_child(instance=page)
                else:
                    page.save()
                page.save_revision().publish()
            except ValidationError as error:
                raise HSDSImportError(validation_message(label, error)) from None
        self.report.add("organizations", "created" if created else "updated" if changed else "unchanged")
        self.orgs[org_id] = page
        for loc in page.locations.all():
            self.locations[str(loc.hsds_id)] = loc

    def _apply_organization(self, page: OrganizationPage, obj: dict) -> bool:
        values = {"title": obj["name"], "email": obj.get("email") or "", "website": obj.get("website") or ""}
        if "phones" in obj:  # a service's nested organization carries no phones: keep ours then
            values["phone"] = phone_of(obj)
        description = description_of(obj)
        if description != (plain_text(page.description) or page.summary):
            values["description"] = rich_text(description)
            values["summary"] = summary_of(description)
        return assign(page, values)

    def _apply_location(self, loc: Location, obj: dict, label: str) -> bool:
        addresses = obj.get("addresses") or []
        address = next((a for a in addresses if a.get("address_type") == "physical"), addresses[0] if addresses else {})
        lat, lon = obj.get("latitude"), obj.get("longitude")
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
        state = (address.get("state_province") or "").strip()
        street = (address.get("address_1") or "").strip()
        values = {
            "name": (obj.get("name") or obj.get("alternate_name") or street or address.get("city") or "Location"),
            "address_1": street,
            "city": address.get("city") or "",
            "state_province": state.upper() if len(state) == 2 else "",
            "postal_code": (address.get("postal_code") or "").strip(),
            # A place published without its street is treated as confidential: only city and ZIP are shown.
            "confidential_address": not street,
            "latitude": lat,
            "longitude": lon,
        }
        if loc.pk and loc.postal_code == values["postal_code"]:
            # Filled in from the ZIP code when the file left them out: not a change.
            if lat is None:
                values["latitude"], values["longitude"] = loc.latitude, loc.longitude
            if not values["city"]:
                values["city"] = loc.city
            if loc.confidential_address and not street:
                # Our own export of a confidential shelter: it never carried the street or exact position.
                values.update(address_1=loc.address_1, latitude=loc.latitude, longitude=loc.longitude)
        changed = assign(loc, values)
        try:
            loc.clean_fields(exclude=["organization", "state_province"])
        except ValidationError as error:
            names = {
                "address_1": "addresses[0].address_1",
                "postal_code": "addresses[0].postal_code",
                "city": "addresses[0].city",
            }
            raise HSDSImportError(validation_message(f"{label}, location {loc.hsds_id}", error, names)) from None
        if changed and (loc.latitude is None or not loc.city):
            loc.fill_from_zip()
        return changed

    # Services.

    def _save_service(self, plan: dict):
        obj, label, codes = plan["obj"], plan["label"], plan["codes"]
        org = self.orgs[plan["org_id"]]
        page = ServicePage.objects.filter(hsds_id=obj["id"]).first()
        created = page is None
        if created:
            page = ServicePage(hsds_id=obj["id"], title=obj["name"], slug=self._slug(org, obj["name"]))
        languages = self._languages(languages_of(obj))
        wanted = {
            "title": obj["name"],
            "status": obj["status"],
            "website": obj.get("url") or "",
            "email": obj.get("email") or "",
            "phone": phone_of(obj),
            "interpretation_services": obj.get("interpretation_services") or "",
            "how_to_get_help": obj.get("application_process") or "",
            "fees_description": obj.get("fees_description") or "",
            "eligibility_description": obj.get("eligibility_description") or "",
            "documents_required": "\n\n".join(
                d["document"] for d in obj.get("required_documents") or [] if d.get("document")
            ),
            "minimum_age": age(obj.get("minimum_age")),
            "maximum_age": age(obj.get("maximum_age")),
            "genders": codes["genders"],
            "trafficking_types": codes["trafficking_types"],
            "intake_24_7": codes["intake_24_7"],
            "accepting_referrals": codes["accepting_referrals"],
        }
        description = description_of(obj)
        if created or description != (plain_text(page.description) or page.summary):
            wanted["description"] = rich_text(description)
            wanted["summary"] = summary_of(description)
        changed = assign(page, wanted)
        relations = {
            "needs": list(Need.objects.filter(code__in=codes["needs"])),
            "populations": list(Population.objects.filter(code__in=codes["populations"])),
            "languages": languages,
            "locations": [self.locations[i] for i in dict.fromkeys(plan["location_ids"]) if i in self.locations],
        }
        for name, items in relations.items():
            before = set() if created else {x.pk for x in getattr(page, name).all()}
            if created or before != {x.pk for x in items}:
                setattr(page, name, items)
                changed = True
        periods = schedules_of(obj)
        before = [] if created else [(s.weekday, s.opens_at, s.closes_at) for s in page.schedules.all()]
        if created or sorted(before) != periods:
            page.schedules = [ServiceSchedule(weekday=d, opens_at=o, closes_at=c) for d, o, c in periods]
            changed = True
        moved = not created and page.organization.pk != org.pk
        if not (changed or moved):
            self.report.add("services", "unchanged")
            return
        try:
            if created:
                org.add_child(instance=page)
            else:
                if moved:
                    page.move(org, pos="last-child")
                    self.moved_services.add(page.pk)
                    page.refresh_from_db(fields=["path", "depth", "url_path"])
                page.save()
            # Every imported service is published, whatever its status: an export holds only published
            # services, and the status travels with it (matching and search take only active ones).
            page.save_revision().publish()
        except ValidationError as error:
            raise HSDSImportError(validation_message(label, error)) from None
        self.report.add("services", "created" if created else "updated")

    def _languages(self, wanted: list[tuple[str, str]]) -> list[Language]:
        existing = {lang.code: lang for lang in Language.objects.filter(code__in=[c for c, _n in wanted])}
        found = []
        for code, name in wanted:
            if code not in existing:
                existing[code] = Language.objects.create(code=code, name=name[:120])
                self.report.add("languages", "created")
            found.append(existing[code])
        return found

    @staticmethod
    def _slug(parent, name: str) -> str:
        base = slugify(name)[:200] or "item"
        taken = set(parent.get_children().values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug
