from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from courses import outline_cache
        from courses.models import ContentPackage
        from courses.receivers import remove_package_files

        post_delete.connect(
            remove_package_files, sender=ContentPackage, dispatch_uid="courses-package-files"
        )
        outline_cache.connect()
