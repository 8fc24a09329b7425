"""Sending re-checks each chosen service against matching's hard filters (issue 11, item 4).

Between "Find services" and "Send" a service may change (it stops accepting referrals, narrows its ages), and a
chosen service may never have been in the matches at all (the API). A service that fails a hard filter the
advocate may knowingly set aside (needs, age, gender, trafficking type, distance) needs an explicit override with
one of a few fixed reasons, which the audit records as codes (never free text). A service that is unpublished,
inactive or not accepting referrals cannot be overridden.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from search.query import filter_label
from search.service import recheck_services

from .errors import ReferralError

OVERRIDABLE = {"needs", "age", "gender", "trafficking_type", "radius"}
OVERRIDE_REASONS = [
    ("provider-agreed", _("The provider agreed by phone")),
    ("no-other-service", _("No other service fits")),
    ("facts-changed", _("The client's situation has changed")),
]
REASON_CODES = {code for code, _label in OVERRIDE_REASONS}


@dataclass
class Refusal:
    service_id: str
    codes: list[str]

    @property
    def overridable(self) -> bool:
        return set(self.codes) <= OVERRIDABLE

    @property
    def why(self) -> str:
        return "; ".join(str(filter_label(code)) for code in self.codes)


@dataclass
class Checked:
    refusals: dict[str, Refusal]  # services that may not be sent to as chosen
    overridden: dict[str, tuple[str, list[str]]]  # service id → (reason code, filter codes set aside)

    @property
    def ok(self) -> bool:
        return not self.refusals


def check_chosen(match_request: dict, service_ids, overrides: dict[str, str]) -> Checked:
    """Re-check `service_ids` for `match_request`. `overrides` maps a service id to a reason code."""
    refusals, overridden = {}, {}
    for sid, codes in recheck_services(match_request, service_ids).items():
        if not codes:
            continue
        refusal = Refusal(sid, codes)
        reason = overrides.get(sid, "")
        if refusal.overridable and reason in REASON_CODES:
            overridden[sid] = (reason, codes)
        else:
            refusals[sid] = refusal
    return Checked(refusals, overridden)


class NoLongerFits(ReferralError):
    """Some chosen services fail the hard filters and were not overridden; `refusals` by service id."""

    def __init__(self, refusals: dict[str, Refusal]):
        super().__init__(
            "invalid",
            _("Some chosen services no longer fit these facts."),
            {
                "recipients": "; ".join(f"{sid}: {r.why}" for sid, r in refusals.items()),
                "overrides": _(
                    "To send anyway, give {service id: reason} with a reason from: %(codes)s "
                    "(not possible for services that cannot receive referrals)."
                )
                % {"codes": ", ".join(sorted(REASON_CODES))},
            },
        )
        self.refusals = refusals


def audit_detail(reason: str, codes: list[str]) -> str:
    """What the audit keeps of an override: the reason code and the filters set aside (codes only)."""
    return f"{reason}:{','.join(codes)}"[:40]
