from django.core.files.storage import storages


def private_storage():
    """Evidence files are personal data: kept out of MEDIA_ROOT and served by a checked view."""
    return storages["private"]
