import json

import pytest
from django.urls import reverse
from openbadgeslib.ob3 import OB3Verifier

from badges.models import IssuedCredential

pytestmark = pytest.mark.django_db


def urls(award):
    return (
        reverse("openbadges:credential_png", args=[award.public_id]),
        reverse("openbadges:credential_json", args=[award.public_id]),
    )


def test_the_learner_downloads_their_baked_png(issued, award, learner, client_for):
    png_url, _ = urls(award)
    response = client_for(learner).get(png_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="data-protector.png"'
    assert "no-store" in response["Cache-Control"]
    assert OB3Verifier.extract_token_from_png(response.content) == issued.jwt


def test_the_learner_downloads_the_json_credential(issued, award, learner, client_for):
    _, json_url = urls(award)
    response = client_for(learner).get(json_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="data-protector.json"'
    assert json.loads(response.content) == issued.payload
    assert learner.email.encode() not in response.content


def test_a_download_before_the_task_has_run_issues_the_credential(award, learner, client_for):
    assert not IssuedCredential.objects.exists()
    png_url, json_url = urls(award)
    assert client_for(learner).get(json_url).status_code == 200
    assert client_for(learner).get(png_url).status_code == 200
    assert IssuedCredential.objects.filter(award=award).count() == 1


@pytest.mark.parametrize("persona", ["other_learner", "manager", "hr_admin", "platform_admin"])
def test_nobody_else_can_download_a_learners_credential(
    persona, issued, award, request, client_for
):
    client = client_for(request.getfixturevalue(persona))
    for url in urls(award):
        assert client.get(url).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(award, client_for):
    for url in urls(award):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_credential_is_not_found(learner, client_for):
    client = client_for(learner)
    for name in ("openbadges:credential_png", "openbadges:credential_json"):
        url = reverse(name, args=["00000000-0000-0000-0000-000000000000"])
        assert client.get(url).status_code == 404
