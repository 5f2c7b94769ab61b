"""Uploaded content packages (H5P, SCORM): hostile-input-safe zip inspection and unpacking.

`courses.packages.archive` is the shared foundation; format rules live beside the format
(`courses.h5p`, `courses.scorm`). Nothing here touches the database.
"""
