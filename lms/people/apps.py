from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = "Councils and people"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from lms.people.receivers import activate_staff_on_confirmation

        email_confirmed.connect(activate_staff_on_confirmation, dispatch_uid="people-activate")
