"""The Wagtail admin's "Content packages" area: listing, upload, detail and re-checking.

Registered from courses.wagtail_hooks. Views stay thin: uploads and re-checks go
through courses.packages.admin_actions, which the import_package command shares.
"""
