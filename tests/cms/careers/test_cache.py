"""Anonymous careers pages come from the cache, each response with its own CSP nonce."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from cms.careers import factories as f
from cms.careers.caching import HIT_HEADER

NONCE = re.compile(r'nonce="([^"]+)"')


def header_nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


@pytest.fixture
def role(db):
    return f.role_page(index=f.careers_index(), title="Data analyst")


def test_a_cached_page_carries_a_fresh_nonce_matching_its_header(client, role):
    first = client.get(role.url)
    second = client.get(role.url)

    assert (first[HIT_HEADER], second[HIT_HEADER]) == ("miss", "hit")
    for response in (first, second):
        in_page = set(NONCE.findall(response.content.decode()))
        assert in_page == {header_nonce(response)}
    assert header_nonce(first) != header_nonce(second)
    assert "Cookie" in second["Vary"]
    assert "private" in second["Cache-Control"]


def test_a_hit_is_answered_before_routing_without_a_query(client, role):
    client.get(role.url)

    with CaptureQueriesContext(connection) as hit:
        response = client.get(role.url)

    assert response[HIT_HEADER] == "hit"
    assert hit.captured_queries == []


def test_a_page_given_a_view_restriction_is_no_longer_served_from_the_cache(client, role):
    from wagtail.models import PageViewRestriction

    client.get(role.url)
    PageViewRestriction.objects.create(page=role, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(role.url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_page_taken_down_is_no_longer_served_from_the_cache(client, role):
    client.get(role.url)
    role.unpublish()

    assert client.get(role.url).status_code == 404


@pytest.mark.parametrize(
    "how",
    ["query string", "session cookie", "messages cookie", "signed in"],
)
def test_requests_that_may_differ_are_never_served_or_stored(how, client, graduate, role):
    client.get(role.url)  # stored for anonymous visitors
    url, extra = role.url, {}
    if how == "query string":
        url += "?from=newsletter"
    elif how == "session cookie":
        client.cookies["sessionid"] = "anything"
    elif how == "messages cookie":
        client.cookies["messages"] = "anything"
    else:
        client.force_login(graduate)

    response = client.get(url, **extra)

    assert response.get(HIT_HEADER) != "hit"


def test_a_signed_in_page_is_not_stored_for_anonymous_visitors(client_for, graduate, role):
    signed_in = client_for(graduate).get(role.url)
    anonymous = client_for(None).get(role.url)

    assert "csrfmiddlewaretoken" in signed_in.content.decode()
    assert anonymous[HIT_HEADER] == "miss"
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()


def test_publishing_a_change_empties_the_cache(client, role):
    client.get(role.url)
    role.summary = "A new summary for the role."
    role.save_revision().publish()

    response = client.get(role.url)

    assert response[HIT_HEADER] == "miss"
    assert "A new summary for the role." in response.content.decode()


def test_publishing_empties_the_cache_even_while_this_process_rests_a_cache_that_failed(
    client, role, monkeypatch
):
    # After a failure lms.caching skips reads and writes for a while, but still drops keys:
    # the edit must not leave the old page to be served once the cache is asked again.
    import time

    from lms import caching

    client.get(role.url)
    monkeypatch.setattr(caching, "_skip_until", time.monotonic() + 60)
    role.summary = "Changed while the cache was resting."
    role.save_revision().publish()
    caching.retry_now()

    response = client.get(role.url)

    assert response[HIT_HEADER] == "miss"
    assert "Changed while the cache was resting." in response.content.decode()


def test_a_councils_new_name_shows_at_once(client, role, council):
    from wagtail.models import Site

    from cms.models import SiteOrganisation

    SiteOrganisation.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"organisation": council}
    )
    client.get(role.url)
    council.name = "Northby Unitary Council"
    council.save()

    assert "Northby Unitary Council" in client.get(role.url).content.decode()


def test_the_cache_can_be_switched_off(client, role, settings):
    settings.CAREERS_PAGE_CACHE_SECONDS = 0
    client.get(role.url)

    assert client.get(role.url).get(HIT_HEADER) is None


def test_with_the_cache_down_requests_pass_through_and_attempts_are_allowed(rf, settings):
    # Wagtail itself needs the cache to build page URLs, but nothing else may fail first:
    # /healthz must still answer, naming the cache.
    from cms.careers.caching import cached_response, serve_for_anonymous
    from cms.careers.ratelimit import allow_attempt

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    request = rf.get("/careers/data-analyst/")
    request.csp_nonce = "n"

    assert cached_response(request) is None
    response = serve_for_anonymous(request, lambda: HttpResponse("rendered"))
    assert response.content == b"rendered"
    assert allow_attempt(request)
