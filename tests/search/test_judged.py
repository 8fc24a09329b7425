"""Judged scenarios (tests/search/judged_scenarios.json): matching must agree with an advocate's own picks on
both backends, and the scenarios must cover what advocates route on."""

import pytest
from django.core.management import call_command

from search import judging
from search.backends import configured_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def data():
    return judging.load()


def test_the_scenarios_cover_what_advocates_route_on(data):
    requests = [s["request"] for s in data["scenarios"]]
    assert len(requests) >= 30
    assert sum(r.get("age", 99) < 18 for r in requests) >= 5  # minors
    assert sum(16 <= r.get("age", 0) <= 24 for r in requests) >= 5  # transition-age youth
    assert {r["gender"] for r in requests if "gender" in r} == {"female", "male", "transgender-nonbinary"}
    assert {r["trafficking_type"] for r in requests if "trafficking_type" in r} == {"sex", "labor"}
    assert sum(bool(r.get("languages")) for r in requests) >= 5
    assert sum(s["at"] == "night" and s["request"].get("urgent", False) for s in data["scenarios"]) >= 5
    capacity = {spec["key"] for spec in data["services"] if spec.get("places_free")}
    assert sum(bool(capacity & {k for k, g in s["grades"].items() if g == 3}) for s in data["scenarios"]) >= 2
    keys = {spec["key"] for spec in data["services"]}
    for scenario in data["scenarios"]:
        assert set(scenario["grades"]) <= keys, scenario["name"]
        assert max(scenario["grades"].values()) == 3, scenario["name"]


def test_ndcg_rewards_the_ideal_order_and_punishes_a_wrong_first_result():
    assert judging.ndcg_at([3, 2, 1], [1, 3, 2]) == pytest.approx(1.0)
    assert judging.ndcg_at([2, 3, 1], [1, 3, 2]) < judging.ndcg_at([3, 1, 2], [1, 3, 2]) < 1.0
    assert judging.ndcg_at([0, 0], [3]) == 0.0


def test_matching_agrees_with_the_advocates_on_both_backends(backend_name, data):
    configured_backend().rebuild(judging.documents(data))

    report = judging.evaluate(data)

    assert report.backend == backend_name
    wrong = [(o.name, o.first) for o in report.outcomes if not o.first_ok]
    assert report.first_result_accuracy >= 0.9, wrong
    assert report.mean_ndcg >= 0.9


def test_eval_matching_prints_the_figures_and_leaves_the_index_alone(site_tree, capsys, settings):
    from search.models import IndexedService
    from tests.factories import make_service

    settings.ELASTICSEARCH_URL = ""
    make_service(title="The Site's Own Shelter", needs=["emergency-shelter"])
    before = list(IndexedService.objects.values_list("service_id", flat=True))

    call_command("eval_matching", "--backends", "database")

    out = capsys.readouterr().out
    assert "34 judged scenarios over 30 services." in out
    line = next(line for line in out.splitlines() if line.startswith("database:"))
    accuracy = float(line.split("first-result accuracy ")[1].split("%")[0])
    assert accuracy >= 90.0 and "NDCG@5 " in line
    assert list(IndexedService.objects.values_list("service_id", flat=True)) == before
