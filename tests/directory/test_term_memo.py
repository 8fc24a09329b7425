"""The vocabularies' labels, kept by each process for TERM_MEMO_SECONDS (the search page labels its facets
with them): a change made here shows at once, a change made by another process within that time."""

import pytest

from directory.models import Need
from directory.models import vocabularies as memo

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.TERM_MEMO_SECONDS = 60
    memo.forget_terms()
    yield
    memo.forget_terms()


def test_labels_come_in_the_vocabularys_order(kept):
    Need.objects.create(code="zz-last", name="Aardvark care", sort_order=99)
    Need.objects.create(code="aa-first", name="Zebra care", sort_order=0)
    codes = list(memo.term_labels(Need))
    assert codes == list(Need.objects.values_list("code", flat=True))
    assert codes.index("aa-first") < codes.index("zz-last") and codes[-1] == "zz-last"


def test_a_term_saved_in_this_process_shows_at_once(kept):
    need = Need.objects.create(code="night-line", name="Night line", name_es="Línea nocturna")
    assert memo.term_labels(Need)["night-line"] == ("Night line", "Línea nocturna")
    need.name = "Night phone line"
    need.save()
    assert memo.term_labels(Need)["night-line"] == ("Night phone line", "Línea nocturna")
    need.delete()
    assert "night-line" not in memo.term_labels(Need)


def test_a_change_from_another_process_shows_within_the_memo_time(kept, settings, monkeypatch):
    Need.objects.create(code="night-line", name="Night line")
    memo.term_labels(Need)
    Need.objects.filter(code="night-line").update(name="Renamed elsewhere")  # no signal reaches this process
    assert memo.term_labels(Need)["night-line"][0] == "Night line"
    later = memo.time.monotonic() + settings.TERM_MEMO_SECONDS
    monkeypatch.setattr(memo.time, "monotonic", lambda: later)
    assert memo.term_labels(Need)["night-line"][0] == "Renamed elsewhere"


def test_the_label_follows_the_visitors_language(kept):
    from django.utils import translation

    with translation.override("es"):
        assert memo.term_label(("Shelter", "Refugio")) == "Refugio"
        assert memo.term_label(("Shelter", "")) == "Shelter"
    assert memo.term_label(("Shelter", "Refugio")) == "Shelter"
