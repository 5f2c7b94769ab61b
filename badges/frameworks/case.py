"""Import and export frameworks as CASE-like JSON, so councils can exchange them.

Everything is matched on identifiers (UUIDs), never on titles: importing the same
document again updates wording in place and creates nothing, and a framework
exported here imports elsewhere item for item. Items and levels that a newer
version of a document no longer has are kept, not deleted, because role
requirements and badges may point at them; the summary lists them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import transaction

from badges.frameworks.case_schema import (
    CHILD_OF,
    CaseImportError,
    ParsedFramework,
    parse_case,
)
from badges.models import Framework, FrameworkAssociation, FrameworkItem, ProficiencyLevel

KIND_TO_TYPE = {
    FrameworkItem.Kind.AREA: "Area",
    FrameworkItem.Kind.COMPETENCE: "Competence",
    FrameworkItem.Kind.SKILL: "Skill",
    FrameworkItem.Kind.STATEMENT: "Statement",
}


@dataclass
class ImportSummary:
    framework_created: bool = False
    items_created: int = 0
    items_updated: int = 0
    levels_created: int = 0
    levels_updated: int = 0
    associations_created: int = 0
    associations_updated: int = 0
    associations_deleted: int = 0
    associations_ignored: int = 0
    kept_items: list[str] = field(default_factory=list)
    kept_levels: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.framework_created,
                self.items_created,
                self.items_updated,
                self.levels_created,
                self.levels_updated,
                self.associations_created,
                self.associations_updated,
                self.associations_deleted,
            )
        )


def import_case(*, data: dict, organisation=None) -> Framework:
    """Create or update a framework from a CASE-like document; see import_case_with_summary."""
    framework, _ = import_case_with_summary(data=data, organisation=organisation)
    return framework


@transaction.atomic
def import_case_with_summary(*, data: dict, organisation=None) -> tuple[Framework, ImportSummary]:
    """Import a document for a council (or for every council when `organisation` is None).

    Raises CaseImportError, with every problem listed, and writes nothing, when the
    document is malformed or clashes with what is already stored.
    """
    parsed = parse_case(data)
    summary = ImportSummary(associations_ignored=parsed.ignored_associations)
    framework = _upsert_document(parsed, organisation, summary)
    items = _upsert_items(parsed, framework, summary)
    _upsert_levels(parsed, framework, summary)
    _upsert_associations(parsed, framework, items, summary)
    return framework, summary


def _upsert_document(parsed: ParsedFramework, organisation, summary: ImportSummary) -> Framework:
    doc = parsed.document
    framework = Framework.objects.select_for_update().filter(identifier=doc.identifier).first()
    org_id = organisation.pk if organisation is not None else None
    if framework is not None and framework.organisation_id != org_id:
        owner = "every council" if framework.organisation_id is None else "another council"
        raise CaseImportError(
            [f"framework {doc.identifier} already exists and belongs to {owner}: import refused"]
        )
    clash = Framework.objects.filter(code=doc.code).exclude(identifier=doc.identifier).first()
    if clash is not None:
        raise CaseImportError(
            [f"the code {doc.code!r} is already used by another framework ({clash.title})"]
        )
    fields = {
        "code": doc.code,
        "title": doc.title,
        "version": doc.version,
        "publisher": doc.publisher,
        "description": doc.description,
        "licence": doc.licence,
        "licence_url": doc.licence_url,
        "attribution": doc.attribution,
        "source_url": doc.source_url,
    }
    if framework is None:
        summary.framework_created = True
        return Framework.objects.create(
            identifier=doc.identifier, organisation=organisation, **fields
        )
    if _assign(framework, fields):
        framework.save()
    return framework


def _assign(instance, fields: dict) -> bool:
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    return bool(changed)


def _upsert_items(
    parsed: ParsedFramework, framework: Framework, summary: ImportSummary
) -> dict[uuid.UUID, FrameworkItem]:
    wanted = {item.identifier: item for item in parsed.items}
    found = {i.identifier: i for i in FrameworkItem.objects.filter(identifier__in=wanted)}
    errors = [
        f"item {wanted[identifier].code} ({identifier}) already belongs to framework "
        f"{item.framework.code}: give this document's items their own identifiers"
        for identifier, item in found.items()
        if item.framework_id != framework.pk
    ]
    existing = list(FrameworkItem.objects.filter(framework=framework))
    by_code = {item.code: item for item in existing}
    for item in parsed.items:
        holder = by_code.get(item.code)
        if (
            holder is not None
            and holder.identifier != item.identifier
            and (holder.identifier not in wanted)
        ):
            errors.append(
                f"item {item.code}: this framework already has an item {item.code} with "
                f"another identifier ({holder.identifier})"
            )
    if errors:
        raise CaseImportError(errors)

    # Codes may swap places between versions; moving changed ones aside first keeps the
    # one-code-per-framework constraint satisfied at every step.
    moving = [
        found[i.identifier]
        for i in parsed.items
        if i.identifier in found and found[i.identifier].code != i.code
    ]
    for item in moving:
        item.code = f"~{item.identifier}"
    FrameworkItem.objects.bulk_update(moving, ["code"])

    items: dict[uuid.UUID, FrameworkItem] = {}
    for parsed_item in parsed.items:
        fields = {
            "code": parsed_item.code,
            "title": parsed_item.title,
            "description": parsed_item.description,
            "kind": parsed_item.kind,
            "position": parsed_item.position,
        }
        item = found.get(parsed_item.identifier)
        if item is None:
            item = FrameworkItem.objects.create(
                framework=framework, identifier=parsed_item.identifier, **fields
            )
            summary.items_created += 1
        elif _assign(item, fields):
            item.save()
            summary.items_updated += 1
        items[parsed_item.identifier] = item

    for identifier, item in items.items():
        parent = items.get(parsed.parents.get(identifier))
        parent_id = parent.pk if parent is not None else None
        if item.parent_id != parent_id:
            item.parent_id = parent_id
            item.save(update_fields=["parent"])
            if identifier in found:
                summary.items_updated += 1
    summary.kept_items = sorted(item.code for item in existing if item.identifier not in wanted)
    return items


def _upsert_levels(parsed: ParsedFramework, framework: Framework, summary: ImportSummary) -> None:
    existing = {level.rank: level for level in framework.levels.all()}
    for parsed_level in parsed.levels:
        fields = {
            "code": parsed_level.code,
            "name": parsed_level.name,
            "band": parsed_level.band,
            "description": parsed_level.description,
            "is_proficient": parsed_level.is_proficient,
        }
        level = existing.get(parsed_level.rank)
        if level is None:
            ProficiencyLevel.objects.create(framework=framework, rank=parsed_level.rank, **fields)
            summary.levels_created += 1
        elif _assign(level, fields):
            level.save()
            summary.levels_updated += 1
    wanted = {level.rank for level in parsed.levels}
    summary.kept_levels = sorted(rank for rank in existing if rank not in wanted)


def _upsert_associations(
    parsed: ParsedFramework,
    framework: Framework,
    items: dict[uuid.UUID, FrameworkItem],
    summary: ImportSummary,
) -> None:
    outside_ids = {
        link.destination
        for link in parsed.associations
        if link.destination not in items and link.destination != parsed.document.identifier
    }
    outside = {
        item.identifier: item
        for item in FrameworkItem.objects.filter(identifier__in=outside_ids).select_related(
            "framework"
        )
    }
    errors = [
        f"association {link.identifier}: its destination {link.destination} is neither in "
        "this document nor in a framework already on the platform"
        for link in parsed.associations
        if link.destination in outside_ids and link.destination not in outside
    ]
    errors += _foreign_council_links(parsed, framework, outside)
    if errors:
        raise CaseImportError(errors)

    wanted_ids = {link.identifier for link in parsed.associations}
    stale = FrameworkAssociation.objects.filter(origin__framework=framework).exclude(
        identifier__in=wanted_ids
    )
    summary.associations_deleted = stale.delete()[0]
    stored = {
        a.identifier: a
        for a in FrameworkAssociation.objects.filter(identifier__in=wanted_ids).select_related(
            "origin"
        )
    }
    clashes = [
        f"association {identifier} already exists in framework {a.origin.framework_id}"
        for identifier, a in stored.items()
        if a.origin.framework_id != framework.pk
    ]
    if clashes:
        raise CaseImportError(clashes)
    for link in parsed.associations:
        if link.destination == parsed.document.identifier:
            continue  # "child of the document" is how CASE marks a top-level item
        fields = {
            "origin": items[link.origin],
            "destination": items.get(link.destination) or outside[link.destination],
            "association_type": link.association_type,
        }
        association = stored.get(link.identifier)
        if association is None:
            FrameworkAssociation.objects.create(identifier=link.identifier, **fields)
            summary.associations_created += 1
        elif _assign(association, fields):
            association.save()
            summary.associations_updated += 1


def _foreign_council_links(parsed, framework: Framework, outside: dict) -> list[str]:
    """A council's framework may link to shared frameworks and its own, never another's."""
    return [
        f"association {link.identifier}: its destination belongs to another council's framework"
        for link in parsed.associations
        if link.destination in outside
        and outside[link.destination].framework.organisation_id is not None
        and outside[link.destination].framework.organisation_id != framework.organisation_id
    ]


def export_case(*, framework: Framework) -> dict:
    """The framework as a CASE-like document that import_case reads back unchanged."""
    items = list(framework.items.order_by("position", "code"))
    by_pk = {item.pk: item for item in items}
    stored = list(
        FrameworkAssociation.objects.filter(origin__framework=framework)
        .select_related("destination__framework")
        .order_by("pk")
    )
    child_links = {
        (a.origin_id, a.destination_id): a.identifier
        for a in stored
        if a.association_type == CHILD_OF
    }
    others: dict[int, list[FrameworkAssociation]] = {}
    for association in stored:
        if association.association_type != CHILD_OF:
            others.setdefault(association.origin_id, []).append(association)

    associations = []
    for item in items:
        if item.parent_id is not None:
            # The parent field is the truth (the admin edits it); a stored link keeps
            # its identifier, a new one gets an identifier derived from the pair.
            identifier = child_links.get((item.pk, item.parent_id)) or uuid.uuid5(
                item.identifier, f"isChildOf:{by_pk[item.parent_id].identifier}"
            )
            associations.append(
                _association(identifier, CHILD_OF, item, by_pk[item.parent_id], framework)
            )
        for association in others.get(item.pk, []):
            associations.append(
                _association(
                    association.identifier,
                    association.association_type,
                    item,
                    association.destination,
                    framework,
                )
            )
    document = {
        "identifier": str(framework.identifier),
        "uri": f"urn:uuid:{framework.identifier}",
        "frameworkCode": framework.code,
        "title": framework.title,
        "version": framework.version,
        "creator": framework.publisher,
        "publisher": framework.publisher,
        "description": framework.description,
        "officialSourceURL": framework.source_url,
        "licenseURI": {"title": framework.licence, "uri": framework.licence_url},
        "attribution": framework.attribution,
    }
    return {
        "CFDocument": document,
        "CFItems": [_item(item) for item in items],
        "CFAssociations": associations,
        "proficiencyScale": {
            "identifier": str(uuid.uuid5(framework.identifier, "proficiencyScale")),
            "title": "Proficiency levels",
            "levels": [
                {
                    "rank": level.rank,
                    "code": level.code,
                    "name": level.name,
                    "band": level.band,
                    "description": level.description,
                    "isProficient": level.is_proficient,
                }
                for level in framework.levels.order_by("rank")
            ],
        },
    }


def _item(item: FrameworkItem) -> dict:
    return {
        "identifier": str(item.identifier),
        "uri": f"urn:uuid:{item.identifier}",
        "humanCodingScheme": item.code,
        "fullStatement": item.title,
        "notes": item.description,
        "CFItemType": KIND_TO_TYPE.get(item.kind, "Competence"),
        "listEnumeration": str(item.position),
    }


def _association(identifier, kind: str, origin, destination, framework: Framework) -> dict:
    def node(item: FrameworkItem) -> dict:
        title = item.code
        if item.framework_id != framework.pk:
            title = f"{item.framework.code}:{item.code}"
        identifier = str(item.identifier)
        return {"identifier": identifier, "uri": f"urn:uuid:{identifier}", "title": title}

    return {
        "identifier": str(identifier),
        "associationType": kind,
        "originNodeURI": node(origin),
        "destinationNodeURI": node(destination),
    }
