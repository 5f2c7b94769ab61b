"""Fixtures shared by the badge tests.

`frameworks`: the shipped frameworks (DigComp 2.2 and the Essential Digital Skills
framework) loaded into the test database, as a dict by framework code:
`frameworks["digcomp"]`, `frameworks["eds"]`. Find items with
`badges.frameworks.lookup.resolve_competence(framework_code="digcomp", code="4.2")`.
"""

from __future__ import annotations

import pytest

from badges.frameworks.loader import load_shipped_frameworks


@pytest.fixture
def frameworks(db):
    return {framework.code: framework for framework in load_shipped_frameworks()}
