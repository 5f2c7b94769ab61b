"""SCORM 1.2 and SCORM 2004 (3rd and 4th edition): the pure foundations.

- ``manifest``: read imsmanifest.xml safely into the SCOs to play, in order.
- ``launch``: resource hrefs under xml:base, kept in the package, with item parameters.
- ``package``: check an inspected zip is a playable SCORM package.
- ``durations``: SCORM 1.2 and 2004 time spans, exactly, in centiseconds.
- ``datamodel``: each version's runtime elements, access and value rules.
- ``runtime``: stored runtime state per learner, SCO and attempt, and applying commits.
- ``outcome``: the lesson outcome the runtime data supports.
- ``versions``: the ScormVersion vocabulary shared by all of them.

Nothing here touches the database or Django; see README.md for scope and the trust model.
"""
