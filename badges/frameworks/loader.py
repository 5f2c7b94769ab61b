"""Load the frameworks shipped with the platform from badges/data/."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from badges.frameworks.case import ImportSummary, import_case_with_summary
from badges.models import Framework

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# In dependency order: the Essential Digital Skills statements link to DigComp items,
# so DigComp has to be there first.
SHIPPED_FILES = ("digcomp-2.2.json", "eds-2019.json")


def read_shipped(filename: str) -> dict:
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_shipped_frameworks_with_summary() -> list[tuple[Framework, ImportSummary]]:
    return [
        import_case_with_summary(data=read_shipped(name), organisation=None)
        for name in SHIPPED_FILES
    ]


def load_shipped_frameworks() -> list[Framework]:
    """Create or refresh DigComp 2.2 and the Essential Digital Skills framework (idempotent)."""
    return [framework for framework, _ in load_shipped_frameworks_with_summary()]
