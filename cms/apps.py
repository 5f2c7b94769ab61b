from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self) -> None:
        from cms.careers import receivers as careers_receivers

        careers_receivers.connect()
