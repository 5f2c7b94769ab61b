from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "lms.records"
    label = "records"
    verbose_name = "Learning records"
