"""The Wagtail admin for badges: badge classes and criteria, awards, runs, the audit log."""
