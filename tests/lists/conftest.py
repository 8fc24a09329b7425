import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise():
    """A request under /es/ leaves Spanish active in this thread; start every test from the default language."""
    translation.activate("en")
    yield
    translation.activate("en")
