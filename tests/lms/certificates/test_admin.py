"""The certificates admin: each council's design, its preview, and failed certificates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lms.certificates.models import Certificate, CertificateDesign
from lms.certificates.services import issue_for_completion, render_certificate

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_certificates_certificatedesign:add"
EDIT = "wagtailsnippets_certificates_certificatedesign:edit"
LIST = "wagtailsnippets_certificates_certificatedesign:list"


def _form(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "main_colour": "#1d4f91",
        "accent_colour": "#00703c",
        "course_heading": "Certificate of completion",
        "course_wording": "has successfully completed",
        "badge_heading": "Certificate of achievement",
        "badge_wording": "has been awarded the badge",
        "closing_text": "",
        "signatory_name": "Morgan Rees",
        "signatory_title": "Chief Executive",
        "language": "en-GB",
        "name_on_verification": "full",
        "courses_without_certificate-TOTAL_FORMS": "0",
        "courses_without_certificate-INITIAL_FORMS": "0",
        "courses_without_certificate-MIN_NUM_FORMS": "0",
        "courses_without_certificate-MAX_NUM_FORMS": "1000",
    }
    return {**data, **overrides}


def test_an_editor_makes_their_councils_design(editor, council, client_for):
    response = client_for(editor).post(reverse(ADD), _form(council))

    assert response.status_code == 302, response.content.decode()[:3000]
    design = CertificateDesign.objects.get()
    assert design.organisation == council and design.signatory_name == "Morgan Rees"


def test_a_colour_too_pale_to_read_is_refused_with_the_reason(editor, council, client_for):
    response = client_for(editor).post(
        reverse(ADD), _form(council, main_colour="#ffdd00", accent_colour="#f0f0f0")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "contrast ratio of" in page and "needs at least 4.5:1" in page
    assert "needs at least 3:1" in page
    assert not CertificateDesign.objects.exists()


def test_an_editor_cannot_make_or_edit_another_councils_design(
    editor, council, other_council, client_for
):
    theirs = CertificateDesign.objects.create(organisation=other_council, signatory_name="Them")
    client = client_for(editor)

    response = client.post(reverse(ADD), _form(other_council))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()

    response = client.get(reverse(EDIT, args=[theirs.pk]))
    assert response.status_code in (302, 403, 404)
    listing = client.get(reverse(LIST)).content.decode()
    assert "Southby" not in listing
    theirs.refresh_from_db()
    assert theirs.signatory_name == "Them"


def test_the_preview_is_a_pdf_of_sample_data_in_the_councils_design(
    editor, council, other_council, client_for
):
    CertificateDesign.objects.create(organisation=council, signatory_name="Morgan Rees")
    client = client_for(editor)

    response = client.get(reverse("certificates_admin:preview", args=[council.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from tests.lms.certificates.conftest import pdf_text

    text = pdf_text(response.content)
    assert "Morgan Rees" in text and "Siân Llewelyn-Wŷn" in text
    other = client.get(reverse("certificates_admin:preview", args=[other_council.pk]))
    assert other.status_code == 404


def test_a_failed_certificate_shows_why_and_can_be_rendered_again(
    completion, editor, client_for, django_capture_on_commit_callbacks
):
    learner = completion.user
    learner.first_name = ""
    learner.last_name = ""
    learner.save(update_fields=["first_name", "last_name"])
    certificate = render_certificate(certificate_id=issue_for_completion(completion=completion).pk)
    client = client_for(editor)

    page = client.get(reverse("certificates_admin:list")).content.decode()
    assert "1 certificate could not be made" in page
    assert "has no name on their account" in page

    learner.first_name, learner.last_name = "Lena", "Learner"
    learner.save(update_fields=["first_name", "last_name"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates_admin:render_again", args=[certificate.pk]))

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.render_status == "rendered"
    assert certificate.learner_name == "Lena Learner"


def test_another_councils_certificates_are_not_listed_or_rendered(
    completion, client_for, other_council, db
):
    from django.contrib.auth.models import Group

    from lms.people.factories import StaffProfileFactory

    their_editor = StaffProfileFactory(organisation=other_council).user
    their_editor.groups.add(Group.objects.get(name="Editors"))
    certificate = issue_for_completion(completion=completion)
    client = client_for(their_editor)

    assert (
        certificate.code
        not in client.get(reverse("certificates_admin:list") + "?status=all").content.decode()
    )
    response = client.post(reverse("certificates_admin:render_again", args=[certificate.pk]))
    assert response.status_code == 404
    assert Certificate.objects.get().render_attempts == 0


def test_learners_and_hr_admins_without_admin_access_are_turned_away(learner, client_for):
    response = client_for(learner).get(reverse("certificates_admin:list"))
    assert response.status_code in (302, 403)
