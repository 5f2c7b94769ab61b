"""One line per import for the management commands, saying what changed and what was kept."""

from __future__ import annotations

from badges.frameworks.case import ImportSummary
from badges.models import Framework


def describe_import(framework: Framework, summary: ImportSummary) -> str:
    owner = framework.organisation or "every council"
    verb = "created" if summary.framework_created else "updated" if summary.changed else "unchanged"
    parts = [
        f"{framework.code} ({framework.title}) for {owner}: {verb}",
        f"items {summary.items_created} new, {summary.items_updated} changed",
        f"levels {summary.levels_created} new, {summary.levels_updated} changed",
        f"links {summary.associations_created} new, {summary.associations_updated} changed, "
        f"{summary.associations_deleted} removed",
    ]
    if summary.associations_ignored:
        parts.append(f"{summary.associations_ignored} links of unsupported types ignored")
    line = "; ".join(parts) + "."
    if summary.kept_items:
        line += f" Kept items no longer in the file: {', '.join(summary.kept_items)}."
    if summary.kept_levels:
        line += f" Kept levels no longer in the file: {summary.kept_levels}."
    return line
