from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = "Badges and competencies"

    def ready(self) -> None:
        from badges import receivers

        receivers.connect()
        from badges.openbadges.receivers import connect as connect_openbadges

        connect_openbadges()
