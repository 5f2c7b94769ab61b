"""The strict nonce policy everywhere except Wagtail's admin, which needs inline scripts."""

import pytest


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_public_pages_allow_only_nonced_scripts_and_styles(client):
    policy = directives(client.get("/accounts/login/"))
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert any(source.startswith("'nonce-") for source in policy[directive])


@pytest.mark.django_db
def test_the_admin_allows_its_own_inline_scripts_and_styles_without_a_nonce(client_for, editor):
    response = client_for(editor).get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    for directive in ("script-src", "style-src"):
        # A nonce beside 'unsafe-inline' would make browsers ignore 'unsafe-inline'.
        assert policy[directive] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_the_admin_shows_no_third_party_avatars(client_for, editor):
    body = client_for(editor).get("/admin/").content.decode()
    assert "gravatar.com" not in body
