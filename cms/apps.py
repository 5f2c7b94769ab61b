from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self) -> None:
        from cms import receivers
        from cms.careers import receivers as careers_receivers

        receivers.connect()
        careers_receivers.connect()
