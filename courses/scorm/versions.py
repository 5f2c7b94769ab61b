"""The SCORM versions this platform plays, as one vocabulary for manifests and runtime data."""

from __future__ import annotations

from enum import StrEnum


class ScormVersion(StrEnum):
    """A SCORM version and, for 2004, its edition.

    The value is the manifest's own ``schemaversion`` wording, so it reads the same in the
    admin, in stored rows and in the package it came from.
    """

    SCORM_12 = "1.2"
    SCORM_2004_3RD = "2004 3rd Edition"
    SCORM_2004_4TH = "2004 4th Edition"

    @property
    def is_2004(self) -> bool:
        # Both 2004 editions share one runtime data model and one browser API
        # (API_1484_11); the editions differ in packaging and sequencing detail.
        return self is not ScormVersion.SCORM_12
