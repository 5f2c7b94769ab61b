import pytest
from django.core import signing
from django.core.files.base import ContentFile

from courses.delivery import tokens
from courses.delivery.tokens import issue_grant, package_file_url
from courses.models import ContentPackage
from courses.packages.intake import receive_package


@pytest.fixture
def ready_package(truefalse_h5p, transactional_db):
    package = receive_package(
        upload=ContentFile(truefalse_h5p.read_bytes(), name="tf.h5p"), filename="tf.h5p"
    )
    package.refresh_from_db()
    assert package.status == "ready", package.error
    return package


def url_for(package, path, user_id=None):
    return package_file_url(
        token=issue_grant(package_id=package.pk, user_id=user_id, lesson_id=None), path=path
    )


def test_a_grant_serves_the_packages_own_files(client, ready_package):
    response = client.get(url_for(ready_package, "h5p.json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"H5P.TrueFalse" in b"".join(response.streaming_content)


@pytest.mark.parametrize("path", ["../h5p.json", "content/../../x", "%2e%2e/h5p.json", "nope.js"])
def test_paths_outside_the_package_or_missing_are_not_found(client, ready_package, path):
    url = url_for(ready_package, "h5p.json").replace("h5p.json", path)
    assert client.get(url).status_code == 404


def test_forged_tampered_or_expired_grants_are_refused(client, ready_package):
    forged = signing.dumps({"p": ready_package.pk}, salt="someone-else")
    assert client.get(package_file_url(token=forged, path="h5p.json")).status_code == 403
    good = issue_grant(package_id=ready_package.pk, user_id=None, lesson_id=None)
    tampered = good[:-2] + ("AA" if not good.endswith("AA") else "BB")
    assert client.get(package_file_url(token=tampered, path="h5p.json")).status_code == 403


def test_an_expired_grant_is_refused(client, ready_package, monkeypatch):
    good = issue_grant(package_id=ready_package.pk, user_id=None, lesson_id=None)
    monkeypatch.setattr(tokens, "MAX_AGE_SECONDS", -1)
    response = client.get(package_file_url(token=good, path="h5p.json"))
    assert response.status_code == 403


def test_a_package_that_is_not_ready_serves_nothing(client, ready_package):
    ContentPackage.objects.filter(pk=ready_package.pk).update(status="rejected")
    assert client.get(url_for(ready_package, "h5p.json")).status_code == 404


def test_x_accel_mode_hands_the_file_to_the_web_server(client, ready_package, settings):
    settings.PACKAGE_FILE_SERVING = "x-accel"
    response = client.get(url_for(ready_package, "h5p.json"))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        f"/protected-packages/{ready_package.content_prefix}h5p.json"
    )
    assert response.content == b""


@pytest.mark.django_db(transaction=True)
def test_scorm_documents_run_framed_by_our_pages_while_h5p_stays_sandboxed(client, ready_package):
    from tests.courses.scorm_fixtures import build_scorm2004_package

    scorm = receive_package(
        upload=ContentFile(build_scorm2004_package(), name="sco.zip"), filename="sco.zip"
    )
    scorm.refresh_from_db()
    launch = scorm.manifest["scorm"]["scos"][0]["launch_url"].split("?")[0]
    sco_page = client.get(url_for(scorm, launch))
    assert sco_page.status_code == 200
    assert sco_page["X-Frame-Options"] == "SAMEORIGIN"
    assert "sandbox" not in sco_page["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in sco_page["Content-Security-Policy"]

    # An H5P package's documents keep the sandbox: their scripts never get our origin.
    from pathlib import Path

    from courses.models.packages import package_storage

    root = Path(package_storage().location) / ready_package.content_prefix
    svg = next(p for p in root.rglob("*.svg"))
    response = client.get(url_for(ready_package, svg.relative_to(root).as_posix()))
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox")
