from tests.factories import make_service


def test_service_page_renders_with_its_organization(client, site_tree):
    service = make_service(title="Night Shelter", needs=["emergency-shelter"])
    response = client.get(service.url)
    assert response.status_code == 200
    assert "Night Shelter" in response.content.decode()
    assert service.get_parent().title in response.content.decode()
