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
