from lms.certificates.models.certificates import Certificate, RenderStatus
from lms.certificates.models.designs import CertificateDesign, CourseWithoutCertificate
from lms.certificates.models.jobs import BulkCertificateJob

__all__ = [
    "BulkCertificateJob",
    "Certificate",
    "CertificateDesign",
    "CourseWithoutCertificate",
    "RenderStatus",
]
