"""Celery finds tasks in each app's `tasks` module; the careers tasks live in cms.careers."""

from cms.careers.tasks import purge_interest_submissions_task

__all__ = ["purge_interest_submissions_task"]
