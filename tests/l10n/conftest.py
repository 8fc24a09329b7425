from tests.search.conftest import backend_name, english_until_a_request_says_otherwise  # noqa: F401
