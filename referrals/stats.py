"""The coalition admin's numbers. Counts only: no client codes, notes or single referrals."""

from collections import Counter
from statistics import median

from django.db.models import Count, Q

from directory.models import Need, Population

from .models import DeclineReason, Recipient, RecipientStatus, Referral

S = RecipientStatus
UNMET_REASONS = (DeclineReason.NO_CAPACITY, DeclineReason.NOT_ELIGIBLE)


def client_populations(referral) -> list[str]:
    """The coalition-population codes a referral's eligibility facts place the client in."""
    codes = []
    if referral.age is not None:
        codes.append("minors" if referral.age < 18 else "transition-age-youth" if referral.age <= 24 else "adults")
    codes += {"female": ["women"], "male": ["men"], "transgender-nonbinary": ["transgender-nonbinary"]}.get(
        referral.gender, []
    )
    if referral.languages and "en" not in referral.languages:
        codes.append("foreign-nationals")  # closest proxy the facts allow: no shared language with English
    return codes


def _hours(delta) -> float:
    return round(delta.total_seconds() / 3600, 1)


def dashboard() -> dict:
    recipients = Recipient.objects.all()
    by_status = dict(recipients.values_list("status").annotate(n=Count("pk")).order_by())
    status_rows = [(label, by_status.get(code, 0)) for code, label in S.choices]

    need_labels = {n.code: n.label for n in Need.objects.all()}
    by_need = Counter(dict(Referral.needs.through.objects.values_list("need__code").annotate(n=Count("pk")).order_by()))
    need_rows = sorted(((need_labels.get(c, c), n) for c, n in by_need.items()), key=lambda row: -row[1])

    by_org = (
        recipients.values("organization__title")
        .annotate(
            total=Count("pk"),
            accepted=Count("pk", filter=Q(status__in=[S.ACCEPTED, S.COMPLETED])),
            declined=Count("pk", filter=Q(status=S.DECLINED)),
            expired=Count("pk", filter=Q(status=S.EXPIRED)),
        )
        .order_by("organization__title")
    )

    accepted = by_status.get(S.ACCEPTED, 0) + by_status.get(S.COMPLETED, 0)
    decided = accepted + by_status.get(S.DECLINED, 0)
    response_times = [
        r.first_response_at - r.sent_at
        for r in recipients.exclude(first_response_at=None).only("sent_at", "first_response_at")
    ]

    unmet = recipients.filter(status=S.DECLINED, decline_reason__in=UNMET_REASONS).select_related("referral")
    unmet_need, unmet_population, unmet_reason = Counter(), Counter(), Counter()
    population_labels = {p.code: p.label for p in Population.objects.all()}
    reason_labels = dict(DeclineReason.choices)
    for recipient in unmet.prefetch_related("referral__needs"):
        unmet_reason[reason_labels[recipient.decline_reason]] += 1
        for need in recipient.referral.needs.all():
            unmet_need[need.label] += 1
        for code in client_populations(recipient.referral):
            unmet_population[population_labels.get(code, code)] += 1

    return {
        "referrals": Referral.objects.count(),
        "recipients": recipients.count(),
        "by_status": status_rows,
        "by_need": need_rows,
        "by_organization": list(by_org),
        "acceptance_rate": round(100 * accepted / decided) if decided else None,
        "median_first_response_hours": _hours(median(response_times)) if response_times else None,
        "unmet_by_need": unmet_need.most_common(),
        "unmet_by_population": unmet_population.most_common(),
        "unmet_by_reason": unmet_reason.most_common(),
    }
