"""Read a SCORM package's imsmanifest.xml: its version, its default organisation's items in
play order, and the resources those items launch.

Supported: SCORM 1.2 (IMS CP ``imscp_rootv1p1p2`` with ``adlcp_rootv1p2``) and SCORM 2004
3rd and 4th edition (IMS CP ``imscp_v1p1`` with ``adlcp_v1p3`` and IMS Simple Sequencing).
Nested items are flattened depth first, which is the order SCORM's "continue" walks them;
sequencing rules beyond that order are not interpreted.

The XML comes from an uploader, so it is parsed by defusedxml with DTDs, entity declarations
and external references all refused: that closes XXE, entity expansion ("billion laughs") and
network fetches together. A manifest has no use for any of them; its schemas are XSDs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from courses.packages.archive import PackageRejected
from courses.scorm.launch import join_base, resolve_href, with_parameters
from courses.scorm.versions import ScormVersion

CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XML = "http://www.w3.org/XML/1998/namespace"

MAX_MANIFEST_BYTES = 4 * 1024 * 1024
# Real courses nest a few levels and hold hundreds of items; these only stop abuse.
MAX_ITEM_DEPTH = 32
MAX_ITEMS = 5_000


@dataclass(frozen=True)
class Resource:
    identifier: str
    scorm_type: str  # "sco" talks to the runtime API; "asset" does not
    # The launch URL relative to the package root (xml:base applied, query kept), and the
    # package file it names; both None without an href, path None for an external URL.
    href: str | None
    path: str | None
    files: tuple[str, ...]  # package paths the resource lists, xml:base applied


@dataclass(frozen=True)
class Item:
    identifier: str
    title: str
    depth: int  # 0 for the organisation's own children
    resource: str
    launchable: bool  # a SCO: launched in the player and tracked
    launch_url: str | None  # resource href plus the item's parameters
    launch_path: str | None
    visible: bool
    parameters: str
    # The pass mark in the version's own scale: 1.2 adlcp:masteryscore on 0..100; 2004 the
    # primary objective's minNormalizedMeasure on -1..1 when it is satisfiedByMeasure.
    mastery_score: float | None
    completion_threshold: float | None  # 2004 only, 0..1
    data_from_lms: str
    prerequisites: str  # 1.2 only; recorded, not enforced


@dataclass(frozen=True)
class Manifest:
    version: ScormVersion
    identifier: str
    title: str
    organisation: str
    items: tuple[Item, ...]  # the default organisation's items with a resource, in order
    resources: tuple[Resource, ...]

    @property
    def scos(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.launchable)


@dataclass(frozen=True)
class _Namespaces:
    cp: str
    adlcp: str


def parse_manifest(xml_bytes: bytes) -> Manifest:
    """The manifest in ``xml_bytes``, or ``PackageRejected`` saying what is wrong with it."""
    root = _parse_xml(xml_bytes)
    cp = _content_packaging_namespace(root)
    version = _detect_version(root, cp=cp)
    ns = _Namespaces(cp=cp, adlcp=ADLCP_2004 if version.is_2004 else ADLCP_12)
    organisation = _default_organisation(root, ns=ns)
    resources = _resources(root, ns=ns)
    items = tuple(_items(organisation, root=root, resources=resources, ns=ns, version=version))
    if not any(item.launchable for item in items):
        raise PackageRejected(
            "no_sco",
            "The manifest's organisation launches no SCO: at least one item must refer to a "
            'resource with adlcp:scormType="sco" and an href.',
        )
    return Manifest(
        version=version,
        identifier=root.get("identifier", ""),
        title=_title(organisation, ns=ns) or root.get("identifier", ""),
        organisation=organisation.get("identifier", ""),
        items=items,
        resources=tuple(resources.values()),
    )


def _parse_xml(xml_bytes: bytes) -> Element:
    if len(xml_bytes) > MAX_MANIFEST_BYTES:
        raise PackageRejected(
            "manifest_too_large",
            f"imsmanifest.xml is {len(xml_bytes):,} bytes; the limit is {MAX_MANIFEST_BYTES:,}.",
        )
    try:
        return SafeElementTree.fromstring(
            xml_bytes, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as error:
        # The parser stops at the DOCTYPE, before any entity in it; the bytes tell the admin
        # which of the two problems this is (the refusal does not depend on it).
        if b"<!ENTITY" in xml_bytes:
            raise PackageRejected(
                "manifest_entities",
                "imsmanifest.xml declares XML entities, which are not allowed: they are how "
                'entity-expansion ("billion laughs") and external-entity attacks work.',
            ) from error
        raise PackageRejected(
            "manifest_dtd",
            "imsmanifest.xml contains a DOCTYPE declaration, which is not allowed: SCORM "
            "manifests are described by XML Schemas, and a DTD can fetch files.",
        ) from error
    except ParseError as error:
        raise PackageRejected(
            "manifest_malformed", f"imsmanifest.xml is not well-formed XML: {error}."
        ) from error


def _content_packaging_namespace(root: Element) -> str:
    namespace, local = _split_tag(root.tag)
    if local != "manifest":
        raise PackageRejected(
            "manifest_namespace",
            f"imsmanifest.xml's root element is <{local}>, not <manifest>.",
        )
    if namespace not in (CP_12, CP_2004):
        found = f"namespace {namespace}" if namespace else "no namespace"
        raise PackageRejected(
            "manifest_namespace",
            f"imsmanifest.xml's <manifest> has {found}; SCORM 1.2 uses {CP_12} and SCORM 2004 "
            f"uses {CP_2004}.",
        )
    return namespace


def _detect_version(root: Element, *, cp: str) -> ScormVersion:
    """The version the manifest's adlcp namespace, schemaversion and root namespace agree on.

    The adlcp namespace decides when present, since its attributes are what mark SCOs; a
    schemaversion that contradicts it is refused rather than guessed around. 2004 manifests
    that name no edition (or the 2nd, "CAM 1.3") are played as 3rd edition, whose runtime
    they share.
    """
    used = _namespaces_used(root)
    if ADLCP_12 in used and ADLCP_2004 in used:
        raise PackageRejected(
            "manifest_namespace",
            "imsmanifest.xml mixes the SCORM 1.2 and SCORM 2004 adlcp namespaces.",
        )
    declared = _schema_version(root, cp=cp)
    claimed = _claimed_2004(declared)
    if ADLCP_2004 in used or ADLCP_12 in used:
        is_2004 = ADLCP_2004 in used
    elif claimed is not None:
        is_2004 = claimed
    else:
        is_2004 = cp == CP_2004
    if claimed is not None and claimed != is_2004:
        raise PackageRejected(
            "manifest_version_conflict",
            f"imsmanifest.xml says schemaversion {declared!r} but uses the other SCORM "
            "version's namespaces.",
        )
    if not is_2004:
        return ScormVersion.SCORM_12
    if declared is not None and "4th" in declared.lower():
        return ScormVersion.SCORM_2004_4TH
    return ScormVersion.SCORM_2004_3RD


def _claimed_2004(declared: str | None) -> bool | None:
    """Whether schemaversion names SCORM 2004 (True) or 1.2 (False); None if it says neither.

    SCORM 1.2 gave schemaversion no fixed vocabulary, so other wording claims nothing.
    """
    if declared is None:
        return None
    if declared == "1.2":
        return False
    if "2004" in declared or declared.upper() == "CAM 1.3":
        return True
    return None


def _namespaces_used(root: Element) -> set[str]:
    used: set[str] = set()
    for element in root.iter():
        used.add(_split_tag(element.tag)[0])
        used.update(_split_tag(name)[0] for name in element.attrib)
    return used


def _schema_version(root: Element, *, cp: str) -> str | None:
    found = root.find(f"{{{cp}}}metadata/{{{cp}}}schemaversion")
    if found is None or not (found.text or "").strip():
        return None
    return (found.text or "").strip()


def _default_organisation(root: Element, *, ns: _Namespaces) -> Element:
    organisations = root.find(f"{{{ns.cp}}}organizations")
    candidates = [] if organisations is None else organisations.findall(f"{{{ns.cp}}}organization")
    if organisations is None or not candidates:
        raise PackageRejected(
            "no_organisations",
            "imsmanifest.xml has no <organization>, so there is nothing to play.",
        )
    default = organisations.get("default")
    if not default:
        return candidates[0]
    for candidate in candidates:
        if candidate.get("identifier") == default:
            return candidate
    raise PackageRejected(
        "manifest_default_organisation",
        f"imsmanifest.xml names {default!r} as its default organisation, but has no "
        "<organization> with that identifier.",
    )


def _resources(root: Element, *, ns: _Namespaces) -> dict[str, Resource]:
    container = root.find(f"{{{ns.cp}}}resources")
    if container is None:
        return {}
    outer_base = join_base(_base(root), inner=_base(container))
    resources: dict[str, Resource] = {}
    for element in container.findall(f"{{{ns.cp}}}resource"):
        resource = _resource(element, outer_base=outer_base, ns=ns)
        if resource.identifier in resources:
            raise PackageRejected(
                "manifest_duplicate_identifier",
                f"imsmanifest.xml has two resources with identifier {resource.identifier!r}.",
            )
        resources[resource.identifier] = resource
    return resources


def _resource(element: Element, *, outer_base: str, ns: _Namespaces) -> Resource:
    identifier = element.get("identifier", "")
    scorm_type = (_adlcp_attribute(element, "scormType", ns=ns) or "asset").strip().lower()
    if scorm_type not in ("sco", "asset"):
        raise PackageRejected(
            "manifest_bad_value",
            f"Resource {identifier!r} has scormType {scorm_type!r}; it must be sco or asset.",
        )
    base = join_base(outer_base, inner=_base(element))
    href, path = resolve_href(element.get("href"), base=base, owner=identifier)
    files = tuple(
        file_path
        for file_element in element.findall(f"{{{ns.cp}}}file")
        if (file_path := resolve_href(file_element.get("href"), base=base, owner=identifier)[1])
    )
    return Resource(identifier, scorm_type, href, path, files)


def _items(
    organisation: Element,
    *,
    root: Element,
    resources: dict[str, Resource],
    ns: _Namespaces,
    version: ScormVersion,
) -> Iterator[Item]:
    count = 0
    for element, depth in _walk_items(organisation, ns=ns):
        count += 1
        if count > MAX_ITEMS:
            raise PackageRejected(
                "manifest_too_large", f"imsmanifest.xml has more than {MAX_ITEMS:,} items."
            )
        reference = element.get("identifierref")
        if not reference:
            continue  # an aggregation: its children are walked in its place
        resource = resources.get(reference)
        if resource is None:
            raise PackageRejected(
                "manifest_unknown_resource",
                f"Item {element.get('identifier', '')!r} refers to resource {reference!r}, "
                "which the manifest does not define.",
            )
        yield _item(element, depth=depth, resource=resource, root=root, ns=ns, version=version)


def _walk_items(organisation: Element, *, ns: _Namespaces) -> Iterator[tuple[Element, int]]:
    """Items depth first in document order, without recursion so depth cannot overflow."""
    tag = f"{{{ns.cp}}}item"
    stack = [(child, 0) for child in reversed(organisation.findall(tag))]
    while stack:
        element, depth = stack.pop()
        if depth >= MAX_ITEM_DEPTH:
            raise PackageRejected(
                "manifest_nesting",
                f"imsmanifest.xml nests items more than {MAX_ITEM_DEPTH} levels deep.",
            )
        yield element, depth
        stack.extend((child, depth + 1) for child in reversed(element.findall(tag)))


def _item(
    element: Element,
    *,
    depth: int,
    resource: Resource,
    root: Element,
    ns: _Namespaces,
    version: ScormVersion,
) -> Item:
    identifier = element.get("identifier", "")
    launchable = resource.scorm_type == "sco"
    if launchable and resource.path is None:
        raise PackageRejected(
            "manifest_bad_launch",
            f"Item {identifier!r} launches SCO resource {resource.identifier!r}, which has no "
            "href inside the package.",
        )
    parameters = element.get("parameters", "")
    launch_url = None
    if resource.href is not None:
        launch_url = with_parameters(resource.href, parameters=parameters)
    if version.is_2004:
        mastery = _scaled_passing_score(element, root=root)
        threshold = _completion_threshold(element, ns=ns)
    else:
        mastery = _number_in(element, "masteryscore", ns=ns, low=0, high=100)
        threshold = None
    return Item(
        identifier=identifier,
        title=_title(element, ns=ns),
        depth=depth,
        resource=resource.identifier,
        launchable=launchable,
        launch_url=launch_url,
        launch_path=resource.path,
        visible=element.get("isvisible", "true").strip().lower() != "false",
        parameters=parameters,
        mastery_score=mastery,
        completion_threshold=threshold,
        data_from_lms=_adlcp_text(element, "dataFromLMS", ns=ns),
        prerequisites=_adlcp_text(element, "prerequisites", ns=ns),
    )


def _scaled_passing_score(item: Element, *, root: Element) -> float | None:
    """The primary objective's minNormalizedMeasure, if it decides satisfaction by measure.

    Per SCORM 2004 RTE (cmi.scaled_passing_score): with satisfiedByMeasure true and no
    minNormalizedMeasure the pass mark is 1.0; without satisfiedByMeasure there is none.
    """
    primary = _primary_objective(item, root=root)
    if primary is None or primary.get("satisfiedByMeasure", "false").strip() not in ("true", "1"):
        return None
    measure = primary.find(f"{{{IMSSS}}}minNormalizedMeasure")
    if measure is None or not (measure.text or "").strip():
        return 1.0
    return _number(measure.text or "", what="minNormalizedMeasure", owner=item, low=-1, high=1)


def _primary_objective(item: Element, *, root: Element) -> Element | None:
    sequencing = item.find(f"{{{IMSSS}}}sequencing")
    if sequencing is None:
        return None
    primary = sequencing.find(f"{{{IMSSS}}}objectives/{{{IMSSS}}}primaryObjective")
    reference = sequencing.get("IDRef")
    if primary is None and reference:
        # Shared sequencing lives in <imsss:sequencingCollection>; the item's own elements
        # would override it, and here it has none.
        for shared in root.iterfind(f"{{{IMSSS}}}sequencingCollection/{{{IMSSS}}}sequencing"):
            if shared.get("ID") == reference:
                return shared.find(f"{{{IMSSS}}}objectives/{{{IMSSS}}}primaryObjective")
    return primary


def _completion_threshold(item: Element, *, ns: _Namespaces) -> float | None:
    """adlcp:completionThreshold: the 3rd edition's text value, or the 4th edition's
    minProgressMeasure, which only decides completion when completedByMeasure is true."""
    element = _adlcp_child(item, "completionThreshold", ns=ns)
    if element is None:
        return None
    text = (element.text or "").strip()
    if text:
        return _number(text, what="completionThreshold", owner=item, low=0, high=1)
    if element.get("completedByMeasure", "false").strip() not in ("true", "1"):
        return None
    measure = element.get("minProgressMeasure", "1.0")
    return _number(measure, what="minProgressMeasure", owner=item, low=0, high=1)


def _base(element: Element) -> str:
    return element.get(f"{{{XML}}}base", "").strip()


def _title(element: Element, *, ns: _Namespaces) -> str:
    title = element.find(f"{{{ns.cp}}}title")
    return " ".join((title.text or "").split()) if title is not None else ""


def _adlcp_child(element: Element, local: str, *, ns: _Namespaces) -> Element | None:
    # 1.2 spells adlcp names in lower case (datafromlms), 2004 in camel case (dataFromLMS);
    # packages mix them up, so names are compared without case within the right namespace.
    wanted = local.lower()
    for child in element:
        namespace, name = _split_tag(child.tag)
        if namespace == ns.adlcp and name.lower() == wanted:
            return child
    return None


def _adlcp_text(element: Element, local: str, *, ns: _Namespaces) -> str:
    child = _adlcp_child(element, local, ns=ns)
    return "" if child is None else (child.text or "").strip()


def _adlcp_attribute(element: Element, local: str, *, ns: _Namespaces) -> str | None:
    wanted = local.lower()
    for name, value in element.attrib.items():
        namespace, attribute = _split_tag(name)
        if namespace == ns.adlcp and attribute.lower() == wanted:
            return value
    return None


def _number_in(
    element: Element, local: str, *, ns: _Namespaces, low: float, high: float
) -> float | None:
    text = _adlcp_text(element, local, ns=ns)
    if not text:
        return None
    return _number(text, what=local, owner=element, low=low, high=high)


def _number(text: str, *, what: str, owner: Element, low: float, high: float) -> float:
    try:
        number = float(text.strip())
    except ValueError:
        number = float("nan")
    if not low <= number <= high:  # also false for NaN
        raise PackageRejected(
            "manifest_bad_value",
            f"Item {owner.get('identifier', '')!r} has {what} {text.strip()!r}; it must be a "
            f"number from {low:g} to {high:g}.",
        )
    return number


def _split_tag(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name
