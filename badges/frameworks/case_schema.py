"""Reading a CASE-like framework document into plain values, with every problem named.

Parsing touches no database, so a malformed file is refused before anything is
written, with all its problems listed at once rather than the first one found.
The shape follows 1EdTech CASE 1.0 (CFDocument, CFItems, CFAssociations) plus a
`proficiencyScale` extension for the levels, which CASE itself does not model.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug

from badges.models import Framework, FrameworkAssociation, FrameworkItem, ProficiencyLevel

ITEM_TYPES = {
    "area": FrameworkItem.Kind.AREA,
    "competence": FrameworkItem.Kind.COMPETENCE,
    "skill": FrameworkItem.Kind.SKILL,
    "statement": FrameworkItem.Kind.STATEMENT,
}
CHILD_OF = FrameworkAssociation.Type.IS_CHILD_OF
SUPPORTED_ASSOCIATIONS = frozenset(FrameworkAssociation.Type.values)


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Checked here so that a long value is an error message and not a database error
# (SQLite would even store it).
MAX_CODE, MAX_TITLE = _max(FrameworkItem, "code"), _max(FrameworkItem, "title")
MAX_FRAMEWORK_CODE, MAX_DOC_TITLE = _max(Framework, "code"), _max(Framework, "title")
MAX_VERSION, MAX_PUBLISHER = _max(Framework, "version"), _max(Framework, "publisher")
MAX_LICENCE, MAX_URL = _max(Framework, "licence"), _max(Framework, "source_url")
MAX_LEVEL_NAME, MAX_LEVEL_CODE = _max(ProficiencyLevel, "name"), _max(ProficiencyLevel, "code")
MAX_BAND = _max(ProficiencyLevel, "band")


class CaseImportError(ValueError):
    """The document cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class ParsedDocument:
    identifier: uuid.UUID
    code: str
    title: str
    version: str = ""
    publisher: str = ""
    description: str = ""
    licence: str = ""
    licence_url: str = ""
    attribution: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class ParsedItem:
    identifier: uuid.UUID
    code: str
    title: str
    description: str
    kind: str
    position: int


@dataclass(frozen=True)
class ParsedLevel:
    rank: int
    code: str
    name: str
    band: str
    description: str
    is_proficient: bool


@dataclass(frozen=True)
class ParsedAssociation:
    identifier: uuid.UUID
    association_type: str
    origin: uuid.UUID
    destination: uuid.UUID


@dataclass
class ParsedFramework:
    document: ParsedDocument
    items: list[ParsedItem]
    levels: list[ParsedLevel]
    associations: list[ParsedAssociation]
    parents: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    ignored_associations: int = 0


class _Reader:
    """Collects errors while pulling typed values out of nested dicts."""

    def __init__(self):
        self.errors: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def text(self, obj: dict, key: str, where: str, *, required=False, max_length=None) -> str:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.fail(where, f"'{key}' is required")
            return ""
        if not isinstance(value, str):
            self.fail(where, f"'{key}' must be text, not {type(value).__name__}")
            return ""
        value = value.strip()
        if max_length and len(value) > max_length:
            self.fail(where, f"'{key}' is longer than {max_length} characters")
            return value[:max_length]
        return value

    def uuid(self, value, where: str, key: str = "identifier") -> uuid.UUID | None:
        if value is None or value == "":
            self.fail(where, f"'{key}' is required")
            return None
        if not isinstance(value, str):
            self.fail(where, f"'{key}' must be a UUID string, not {type(value).__name__}")
            return None
        text = value.removeprefix("urn:uuid:")
        try:
            return uuid.UUID(text)
        except ValueError:
            self.fail(where, f"'{key}' {value!r} is not a UUID")
            return None

    def node(self, obj: dict, key: str, where: str) -> uuid.UUID | None:
        """A CASE node reference: {"identifier": ...} or a bare UUID / urn:uuid string."""
        value = obj.get(key)
        if isinstance(value, dict):
            reference = value.get("identifier") or value.get("uri")
            return self.uuid(reference, where, f"{key}.identifier")
        return self.uuid(value, where, key)

    def url(self, obj: dict, key: str, where: str) -> str:
        value = self.text(obj, key, where, max_length=MAX_URL)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.fail(where, f"'{key}' is not a web address")
                return ""
        return value


def parse_case(data) -> ParsedFramework:
    """Check the whole document and return its values, or raise CaseImportError."""
    reader = _Reader()
    if not isinstance(data, dict):
        raise CaseImportError([f"the document must be a JSON object, not {type(data).__name__}"])
    raw_doc = data.get("CFDocument")
    if not isinstance(raw_doc, dict):
        raise CaseImportError(["'CFDocument' is missing or is not an object"])
    document = _parse_document(reader, raw_doc)
    items = _parse_items(reader, data.get("CFItems"))
    levels = _parse_levels(reader, data.get("proficiencyScale"))
    associations, ignored = _parse_associations(reader, data.get("CFAssociations", []))
    parsed = ParsedFramework(document, items, levels, associations, ignored_associations=ignored)
    if not reader.errors:
        _check_hierarchy(reader, parsed)
    if reader.errors:
        raise CaseImportError(reader.errors)
    return parsed


def _parse_document(reader: _Reader, raw: dict) -> ParsedDocument:
    where = "CFDocument"
    identifier = reader.uuid(raw.get("identifier"), where)
    code = reader.text(raw, "frameworkCode", where, required=True, max_length=MAX_FRAMEWORK_CODE)
    if code:
        try:
            validate_slug(code)
        except ValidationError:
            reader.fail(where, f"'frameworkCode' {code!r} may only hold letters, digits, - and _")
    licence = raw.get("licenseURI") or {}
    if not isinstance(licence, dict):
        reader.fail(where, "'licenseURI' must be an object with 'title' and 'uri'")
        licence = {}
    return ParsedDocument(
        identifier=identifier,
        code=code,
        title=reader.text(raw, "title", where, required=True, max_length=MAX_DOC_TITLE),
        version=reader.text(raw, "version", where, max_length=MAX_VERSION),
        publisher=reader.text(raw, "publisher", where, max_length=MAX_PUBLISHER)
        or reader.text(raw, "creator", where, max_length=MAX_PUBLISHER),
        description=reader.text(raw, "description", where),
        licence=reader.text(licence, "title", f"{where}.licenseURI", max_length=MAX_LICENCE),
        licence_url=reader.url(licence, "uri", f"{where}.licenseURI"),
        attribution=reader.text(raw, "attribution", where),
        source_url=reader.url(raw, "officialSourceURL", where),
    )


def _parse_items(reader: _Reader, raw_items) -> list[ParsedItem]:
    if not isinstance(raw_items, list):
        reader.fail("CFItems", "must be a list of items")
        return []
    items: list[ParsedItem] = []
    seen_ids: set[uuid.UUID] = set()
    seen_codes: dict[str, int] = {}
    for n, raw in enumerate(raw_items, 1):
        where = f"CFItems[{n}]"
        if not isinstance(raw, dict):
            reader.fail(where, f"must be an object, not {type(raw).__name__}")
            continue
        code = reader.text(raw, "humanCodingScheme", where, required=True, max_length=MAX_CODE)
        if code:
            where = f"CFItems[{n}] ({code})"
        identifier = reader.uuid(raw.get("identifier"), where)
        title = reader.text(raw, "fullStatement", where, required=True, max_length=MAX_TITLE)
        if code:
            if code in seen_codes:
                reader.fail(where, f"duplicate code: CFItems[{seen_codes[code]}] has it too")
            seen_codes[code] = n
        if identifier in seen_ids:
            reader.fail(where, f"duplicate identifier {identifier}")
        seen_ids.add(identifier)
        item_type = raw.get("CFItemType") or "Competence"
        if not isinstance(item_type, str):
            reader.fail(where, "'CFItemType' must be text")
            item_type = "Competence"
        items.append(
            ParsedItem(
                identifier=identifier,
                code=code,
                title=title,
                description=reader.text(raw, "notes", where),
                # Types this platform does not model (a publisher's "Domain", say) are kept
                # as competences rather than refused, so real CASE files import.
                kind=ITEM_TYPES.get(item_type.strip().lower(), FrameworkItem.Kind.COMPETENCE),
                position=_position(reader, raw.get("listEnumeration"), where, default=n),
            )
        )
    return items


def _position(reader: _Reader, value, where: str, *, default: int) -> int:
    if value is None or value == "":
        return default
    if isinstance(value, bool) or not isinstance(value, int | str):
        reader.fail(where, "'listEnumeration' must be a whole number")
        return default
    try:
        number = int(value)
    except ValueError:
        reader.fail(where, f"'listEnumeration' {value!r} is not a whole number")
        return default
    if number < 0:
        reader.fail(where, "'listEnumeration' cannot be negative")
        return default
    return number


def _parse_levels(reader: _Reader, raw_scale) -> list[ParsedLevel]:
    if raw_scale is None:
        return []
    if not isinstance(raw_scale, dict) or not isinstance(raw_scale.get("levels"), list):
        reader.fail("proficiencyScale", "must be an object with a 'levels' list")
        return []
    levels: list[ParsedLevel] = []
    ranks: set[int] = set()
    for n, raw in enumerate(raw_scale["levels"], 1):
        where = f"proficiencyScale.levels[{n}]"
        if not isinstance(raw, dict):
            reader.fail(where, f"must be an object, not {type(raw).__name__}")
            continue
        rank = raw.get("rank")
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
            reader.fail(where, "'rank' must be a whole number from 1")
            continue
        if rank in ranks:
            reader.fail(where, f"duplicate rank {rank}")
        ranks.add(rank)
        proficient = raw.get("isProficient", False)
        if not isinstance(proficient, bool):
            reader.fail(where, "'isProficient' must be true or false")
            proficient = False
        levels.append(
            ParsedLevel(
                rank=rank,
                code=reader.text(raw, "code", where, max_length=MAX_LEVEL_CODE),
                name=reader.text(raw, "name", where, required=True, max_length=MAX_LEVEL_NAME),
                band=reader.text(raw, "band", where, max_length=MAX_BAND),
                description=reader.text(raw, "description", where),
                is_proficient=proficient,
            )
        )
    return sorted(levels, key=lambda level: level.rank)


def _parse_associations(reader: _Reader, raw_list) -> tuple[list[ParsedAssociation], int]:
    if not isinstance(raw_list, list):
        reader.fail("CFAssociations", "must be a list")
        return [], 0
    associations: list[ParsedAssociation] = []
    ignored = 0
    seen_ids: set[uuid.UUID] = set()
    seen_links: set[tuple] = set()
    for n, raw in enumerate(raw_list, 1):
        where = f"CFAssociations[{n}]"
        if not isinstance(raw, dict):
            reader.fail(where, f"must be an object, not {type(raw).__name__}")
            continue
        kind = raw.get("associationType")
        if not isinstance(kind, str) or not kind:
            reader.fail(where, "'associationType' is required")
            continue
        if kind not in SUPPORTED_ASSOCIATIONS:
            # CASE has types (exemplar, hasSkillLevel...) that mean nothing here.
            ignored += 1
            continue
        identifier = reader.uuid(raw.get("identifier"), where)
        origin = reader.node(raw, "originNodeURI", where)
        destination = reader.node(raw, "destinationNodeURI", where)
        if None in (identifier, origin, destination):
            continue
        if identifier in seen_ids:
            reader.fail(where, f"duplicate identifier {identifier}")
        seen_ids.add(identifier)
        if (origin, destination, kind) in seen_links:
            reader.fail(where, f"the same {kind} link appears twice")
        seen_links.add((origin, destination, kind))
        if origin == destination:
            reader.fail(where, "an item cannot be associated with itself")
            continue
        associations.append(ParsedAssociation(identifier, kind, origin, destination))
    return associations, ignored


def _check_hierarchy(reader: _Reader, parsed: ParsedFramework) -> None:
    """Each item has at most one parent, inside this document, and no item is its own ancestor.

    Links to items outside the document are checked against the database by the importer.
    """
    own = {item.identifier: item for item in parsed.items}
    document_id = parsed.document.identifier
    for link in parsed.associations:
        if link.origin not in own:
            reader.fail(
                f"association {link.identifier}",
                f"its origin {link.origin} is not an item of this document",
            )
            continue
        if link.association_type != CHILD_OF or link.destination == document_id:
            continue  # a top-level item may name the document as its parent, as CASE does
        if link.destination not in own:
            reader.fail(
                f"association {link.identifier}",
                f"{own[link.origin].code} is a child of {link.destination}, "
                "which is not an item of this document",
            )
            continue
        if link.origin in parsed.parents:
            reader.fail(f"item {own[link.origin].code}", "has more than one parent (isChildOf)")
            continue
        parsed.parents[link.origin] = link.destination
    for start in parsed.parents:
        seen = {start}
        node = parsed.parents.get(start)
        while node is not None:
            if node in seen:
                reader.fail(f"item {own[start].code}", "isChildOf links form a cycle")
                break
            seen.add(node)
            node = parsed.parents.get(node)
