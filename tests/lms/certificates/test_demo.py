import pytest

from lms.certificates.demo import seed_demo_certificates
from lms.certificates.models import Certificate, CertificateDesign

pytestmark = pytest.mark.django_db


def test_the_demo_design_and_certificates_are_made_once(council, completion):
    assert seed_demo_certificates(organisation=council) == 1
    assert seed_demo_certificates(organisation=council) == 0

    design = CertificateDesign.objects.get(organisation=council)
    assert design.signatory_name
    certificate = Certificate.objects.get()
    assert certificate.render_status == "rendered"


def test_an_edited_design_is_left_alone(council):
    CertificateDesign.objects.create(organisation=council, signatory_name="Edited by hand")

    seed_demo_certificates(organisation=council)

    assert CertificateDesign.objects.get().signatory_name == "Edited by hand"
