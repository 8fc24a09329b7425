"""What the directory's models work out for themselves: places from ZIP codes and facts in words."""

import pytest
from django.utils import translation

from directory.geocode import UnknownPostalCode, distance_miles, geocode_zip
from directory.models import Location
from tests.factories import make_organization, make_service


def test_a_known_zip_gives_its_city_and_coordinates():
    place = geocode_zip("95814")
    assert place.city == "Sacramento"
    assert place.state == "CA"
    assert 38.5 < place.latitude < 38.65
    assert -121.55 < place.longitude < -121.45


def test_a_zip_plus_four_is_geocoded_by_its_first_five_digits():
    assert geocode_zip("95814-1234").postal_code == "95814"


@pytest.mark.parametrize("postal_code", ["00000", "ABCDE", "", "9581"])
def test_an_unknown_zip_is_refused(postal_code):
    with pytest.raises(UnknownPostalCode):
        geocode_zip(postal_code)


def test_distance_between_sacramento_and_elk_grove_is_about_twelve_miles():
    downtown, elk_grove = geocode_zip("95814"), geocode_zip("95624")
    miles = distance_miles(downtown.latitude, downtown.longitude, elk_grove.latitude, elk_grove.longitude)
    assert 10 < miles < 17


def test_saving_a_location_fills_coordinates_and_city_from_its_zip(site_tree):
    org = make_organization(locations=[Location(name="Office", address_1="9100 Elk Grove Blvd", postal_code="95624")])
    location = org.locations.get()
    assert location.city == "Elk Grove"
    assert location.latitude == pytest.approx(geocode_zip("95624").latitude)
    assert location.longitude == pytest.approx(geocode_zip("95624").longitude)


def test_coordinates_given_by_an_editor_are_kept(site_tree):
    org = make_organization(
        locations=[Location(name="Office", postal_code="95814", city="Sacramento", latitude=38.6, longitude=-121.4)]
    )
    location = org.locations.get()
    assert (location.latitude, location.longitude) == (38.6, -121.4)


def test_a_location_with_an_unknown_zip_is_saved_without_coordinates(site_tree):
    org = make_organization(locations=[Location(name="Office", city="Nowhere", postal_code="00000")])
    location = org.locations.get()
    assert location.latitude is None and location.longitude is None


def test_public_address_hides_the_street_of_a_confidential_shelter():
    secret = Location(
        name="Shelter", address_1="12 Hidden Lane", city="Sacramento", postal_code="95817", confidential_address=True
    )
    assert secret.public_address == "Sacramento, CA 95817"
    assert "Hidden" not in secret.public_address


def test_public_address_of_an_ordinary_office_includes_the_street():
    office = Location(name="Office", address_1="915 L Street", city="Sacramento", postal_code="95814")
    assert office.public_address == "915 L Street, Sacramento, CA 95814"


@pytest.mark.parametrize(
    "low, high, english, spanish",
    [
        (12, 17, "Ages 12-17", "De 12 a 17 años"),
        (18, None, "Ages 18 and over", "Desde los 18 años"),
        (None, 24, "Ages up to 24", "Hasta los 24 años"),
        (None, None, "", ""),
    ],
)
def test_age_range_label_in_english_and_spanish(site_tree, low, high, english, spanish):
    service = make_service(minimum_age=low, maximum_age=high)
    with translation.override("en"):
        assert str(service.age_range_label) == english
    with translation.override("es"):
        assert str(service.age_range_label) == spanish


def test_gender_and_trafficking_restrictions_in_words(site_tree):
    restricted = make_service(genders=["female", "transgender-nonbinary"], trafficking_types=["labor"])
    open_to_all = make_service()
    with translation.override("en"):
        assert restricted.gender_restriction_label == "Only for: Female, Transgender or nonbinary"
        assert restricted.trafficking_restriction_label == "Only for survivors of: Labor trafficking"
        assert open_to_all.gender_restriction_label == ""
        assert open_to_all.trafficking_restriction_label == ""
    with translation.override("es"):
        assert "Mujer" in restricted.gender_restriction_label
        assert "trata laboral" in restricted.trafficking_restriction_label.lower()
