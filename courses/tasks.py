from celery import shared_task

from courses.packages.processing import process_package


@shared_task(name="courses.process_package", acks_late=True)
def process_package_task(package_id: int) -> str:
    """Validate and unpack an uploaded package. Idempotent: a finished package is skipped."""
    package = process_package(package_id=package_id)
    return package.status if package else "missing"
