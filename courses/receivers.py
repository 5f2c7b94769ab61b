"""Housekeeping when content packages go: their stored files go too, once committed."""

from functools import partial

from django.db import transaction

from courses.models.packages import package_storage
from courses.packages.processing import delete_tree


def remove_package_files(sender, instance, **kwargs) -> None:
    storage = package_storage()
    for folder in (f"content/{instance.uid}", f"uploads/{instance.uid}"):
        transaction.on_commit(partial(delete_tree, storage, folder))
