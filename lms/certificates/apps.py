from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = "Certificates"

    def ready(self) -> None:
        from lms.certificates import checks, receivers

        receivers.connect()
        checks.register()
