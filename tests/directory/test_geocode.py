"""Offline ZIP geocoding answers "unknown" for anything that is not a US ZIP code, never a crash."""

import pytest

from directory.geocode import UnknownPostalCode, geocode_zip


def test_a_zip_code_a_zip_plus_four_and_full_width_digits_are_found():
    assert geocode_zip("95814").state == "CA"
    assert geocode_zip("95814-1234").postal_code == "95814"
    assert geocode_zip("９５８１４").postal_code == "95814"  # a full-width keyboard


@pytest.mark.parametrize("odd", ["", "9581", "abcde", "95\U0004fa9c14", "95 14"])
def test_anything_else_is_unknown(odd):
    # The fourth is a 4-byte character the package's native code cut in half and panicked on (found by the
    # malformed-input property test).
    with pytest.raises(UnknownPostalCode):
        geocode_zip(odd)


def test_every_code_of_the_package_is_found_as_the_package_finds_it():
    import zipcodes

    codes = sorted({row["zip_code"] for row in zipcodes.similar_to("958")}) + ["00501", "99950"]
    for code in codes:
        row, place = zipcodes.matching(code)[0], geocode_zip(code)
        assert (place.city, place.state, place.latitude, place.longitude) == (
            row["city"],
            row["state"],
            float(row["lat"]),
            float(row["long"]),
        )


def test_a_lookup_keeps_nothing_of_the_code_looked_up():
    # The public search geocodes the ZIP code a visitor typed: no memo may keep it (a record of where searches
    # came from). The lookups read one table of every code, built before any lookup, that they never change.
    from directory.geocode import _places

    table = _places()
    before = (len(table), hash(frozenset(table)))
    for typed in ("95814", " 95817 ", "９５８２０", "95823-0001", "00000"):
        try:
            geocode_zip(typed)
        except UnknownPostalCode:
            pass
    assert (len(table), hash(frozenset(table))) == before
    assert not hasattr(geocode_zip, "cache_info")  # no functools memo around the lookup itself
