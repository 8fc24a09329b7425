import pytest


@pytest.fixture
def site_tree(db):
    """The home page, default site and directory index that every public page hangs from."""
    from directory.site_tree import ensure_site_tree

    return ensure_site_tree()
