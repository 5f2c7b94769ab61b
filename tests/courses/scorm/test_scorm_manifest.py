import pytest

from courses.packages.archive import PackageRejected
from courses.scorm.manifest import MAX_ITEM_DEPTH, MAX_MANIFEST_BYTES, parse_manifest
from courses.scorm.versions import ScormVersion
from tests.courses.scorm_fixtures import minimal_scorm12_dir

CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"


def manifest(
    *,
    items: str,
    resources: str,
    schemaversion: str | None = "1.2",
    cp: str = CP_12,
    adlcp: str = ADLCP_12,
    organizations_attributes: str = 'default="org"',
    extra: str = "",
) -> bytes:
    metadata = (
        f"<metadata><schema>ADL SCORM</schema><schemaversion>{schemaversion}</schemaversion>"
        "</metadata>"
        if schemaversion is not None
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.manifest" version="1" xmlns="{cp}" xmlns:adlcp="{adlcp}"
    xmlns:imsss="{IMSSS}">
  {metadata}
  <organizations {organizations_attributes}>
    <organization identifier="org"><title>Test course</title>
      {items}
    </organization>
  </organizations>
  <resources>{resources}</resources>
  {extra}
</manifest>""".encode()


def sco_12(identifier: str = "r1", href: str = "index.html", attributes: str = "") -> str:
    return (
        f'<resource identifier="{identifier}" type="webcontent" adlcp:scormtype="sco" '
        f'href="{href}" {attributes}><file href="{href}"/></resource>'
    )


def item(identifier: str = "i1", ref: str = "r1", inner: str = "", attributes: str = "") -> str:
    return (
        f'<item identifier="{identifier}" identifierref="{ref}" {attributes}>'
        f"<title>{identifier}</title>{inner}</item>"
    )


def rejection(xml: bytes) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        parse_manifest(xml)
    return caught.value


# --- a real third-party SCORM 1.2 package -------------------------------------------------


def test_the_real_minimal_scorm_12_manifest(third_party_dir):
    parsed = parse_manifest((minimal_scorm12_dir(third_party_dir) / "imsmanifest.xml").read_bytes())
    assert parsed.version is ScormVersion.SCORM_12
    assert parsed.identifier == "minimal-demo"
    assert parsed.title == "Minimal Demo"
    assert parsed.organisation == "minimal-demo-org"
    [sco] = parsed.scos
    assert (sco.identifier, sco.launch_url, sco.launch_path) == (
        "item_1",
        "index.html",
        "index.html",
    )
    assert sco.mastery_score is None
    assert parsed.resources[0].files == ("index.html",)


# --- SCORM 2004 4th edition: several SCOs, nesting, xml:base, parameters ------------------

MANIFEST_2004_4TH = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="council.course.data" version="2"
    xmlns="{CP_2004}" xmlns:adlcp="{ADLCP_2004}" xmlns:imsss="{IMSSS}"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xml:base="course/">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="main">
    <organization identifier="draft"><title>Unused draft</title>
      <item identifier="draft_item" identifierref="res_intro"><title>Draft</title></item>
    </organization>
    <organization identifier="main" structure="hierarchical">
      <title>  Handling council
        data   </title>
      <item identifier="module_1"><title>Module 1</title>
        <item identifier="intro" identifierref="res_intro" parameters="?start=1">
          <title>Introduction</title>
          <adlcp:dataFromLMS>mode=guided</adlcp:dataFromLMS>
        </item>
        <item identifier="section_1_2"><title>Section 1.2</title>
          <item identifier="deep" identifierref="res_deep" parameters="#slide-4">
            <title>Deep dive</title>
            <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75"/>
          </item>
        </item>
      </item>
      <item identifier="glossary" identifierref="res_glossary" isvisible="false">
        <title>Glossary</title>
      </item>
      <item identifier="quiz" identifierref="res_quiz" parameters="&amp;attempt=1">
        <title>Quiz</title>
        <imsss:sequencing IDRef="shared_pass_mark"/>
      </item>
      <item identifier="final" identifierref="res_final">
        <title>Final check</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="final_obj" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
            <imsss:objective objectiveID="other"/>
          </imsss:objectives>
        </imsss:sequencing>
        <adlcp:completionThreshold minProgressMeasure="0.5"/>
      </item>
    </organization>
  </organizations>
  <resources xml:base="content">
    <resource identifier="res_intro" type="webcontent" adlcp:scormType="sco"
        href="intro/index.html" xml:base="part1/">
      <file href="intro/index.html"/>
      <file href="intro/intro.js"/>
    </resource>
    <resource identifier="res_deep" type="webcontent" adlcp:scormType="sco"
        href="deep/Deep%20Dive.html?lang=en">
      <file href="deep/Deep Dive.html"/>
    </resource>
    <resource identifier="res_glossary" type="webcontent" adlcp:scormType="asset"
        href="glossary.html"/>
    <resource identifier="res_quiz" type="webcontent" adlcp:scormType="sco"
        href="./quiz/../quiz/run.html?mode=test"/>
    <resource identifier="res_final" type="webcontent" adlcp:scormType="sco"
        href="final.html#top"/>
    <resource identifier="res_unused" type="webcontent" adlcp:scormType="asset">
      <file href="shared/site.css"/>
    </resource>
  </resources>
  <imsss:sequencingCollection>
    <imsss:sequencing ID="shared_pass_mark">
      <imsss:objectives>
        <imsss:primaryObjective objectiveID="quiz_obj" satisfiedByMeasure="true">
          <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
        </imsss:primaryObjective>
      </imsss:objectives>
    </imsss:sequencing>
  </imsss:sequencingCollection>
</manifest>
""".encode()


def test_scorm_2004_4th_edition_version_and_organisation():
    parsed = parse_manifest(MANIFEST_2004_4TH)
    assert parsed.version is ScormVersion.SCORM_2004_4TH
    assert parsed.identifier == "council.course.data"
    assert parsed.organisation == "main"  # the default, not the first
    assert parsed.title == "Handling council data"


def test_scorm_2004_items_are_flattened_in_play_order():
    parsed = parse_manifest(MANIFEST_2004_4TH)
    assert [(item.identifier, item.depth, item.launchable) for item in parsed.items] == [
        ("intro", 1, True),
        ("deep", 2, True),
        ("glossary", 0, False),
        ("quiz", 0, True),
        ("final", 0, True),
    ]
    assert [item.identifier for item in parsed.scos] == ["intro", "deep", "quiz", "final"]
    assert not parsed.items[2].visible


def test_scorm_2004_launch_urls_apply_xml_base_and_parameters():
    by_id = {item.identifier: item for item in parse_manifest(MANIFEST_2004_4TH).items}
    assert by_id["intro"].launch_url == "course/content/part1/intro/index.html?start=1"
    assert by_id["intro"].launch_path == "course/content/part1/intro/index.html"
    assert by_id["deep"].launch_url == "course/content/deep/Deep%20Dive.html?lang=en#slide-4"
    assert by_id["deep"].launch_path == "course/content/deep/Deep Dive.html"
    assert by_id["quiz"].launch_url == "course/content/quiz/run.html?mode=test&attempt=1"
    assert by_id["quiz"].launch_path == "course/content/quiz/run.html"
    assert by_id["final"].launch_url == "course/content/final.html#top"


def test_scorm_2004_pass_marks_and_completion_thresholds():
    by_id = {item.identifier: item for item in parse_manifest(MANIFEST_2004_4TH).items}
    assert by_id["final"].mastery_score == pytest.approx(0.6)
    assert by_id["quiz"].mastery_score == pytest.approx(0.8)  # from the sequencing collection
    assert by_id["intro"].mastery_score is None
    assert by_id["deep"].completion_threshold == pytest.approx(0.75)
    # Without completedByMeasure the 4th edition's threshold does not decide completion.
    assert by_id["final"].completion_threshold is None
    assert by_id["intro"].data_from_lms == "mode=guided"


def test_scorm_2004_resources_list_their_files_under_xml_base():
    resources = {
        resource.identifier: resource for resource in parse_manifest(MANIFEST_2004_4TH).resources
    }
    assert resources["res_intro"].files == (
        "course/content/part1/intro/index.html",
        "course/content/part1/intro/intro.js",
    )
    assert resources["res_deep"].files == ("course/content/deep/Deep Dive.html",)
    assert resources["res_unused"].scorm_type == "asset"
    assert resources["res_unused"].href is None


# --- SCORM 2004 3rd edition ---------------------------------------------------------------


def manifest_2004(items: str, resources: str, *, schemaversion: str | None = "2004 3rd Edition"):
    return manifest(
        items=items,
        resources=resources,
        schemaversion=schemaversion,
        cp=CP_2004,
        adlcp=ADLCP_2004,
    )


def sco_2004(identifier: str = "r1", href: str = "index.html") -> str:
    return (
        f'<resource identifier="{identifier}" type="webcontent" adlcp:scormType="sco" '
        f'href="{href}"/>'
    )


def test_scorm_2004_3rd_edition_with_several_scos():
    satisfied_by_measure_only = (
        "<imsss:sequencing><imsss:objectives>"
        '<imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true"/>'
        "</imsss:objectives></imsss:sequencing>"
    )
    xml = manifest_2004(
        item("lesson_1", "r1", "<adlcp:completionThreshold>0.9</adlcp:completionThreshold>")
        + item("lesson_2", "r2", satisfied_by_measure_only)
        + item("lesson_3", "r3"),
        sco_2004("r1", "one.html") + sco_2004("r2", "two.html") + sco_2004("r3", "three.html"),
    )
    parsed = parse_manifest(xml)
    assert parsed.version is ScormVersion.SCORM_2004_3RD
    assert [sco.launch_url for sco in parsed.scos] == ["one.html", "two.html", "three.html"]
    assert parsed.scos[0].completion_threshold == pytest.approx(0.9)
    # satisfiedByMeasure without a minNormalizedMeasure means a pass mark of 1.0.
    assert parsed.scos[1].mastery_score == 1.0
    assert parsed.scos[2].mastery_score is None


@pytest.mark.parametrize(
    ("schemaversion", "expected"),
    [
        ("2004 3rd Edition", ScormVersion.SCORM_2004_3RD),
        ("2004 4th Edition", ScormVersion.SCORM_2004_4TH),
        ("CAM 1.3", ScormVersion.SCORM_2004_3RD),  # 2nd edition plays on the 3rd's runtime
        (None, ScormVersion.SCORM_2004_3RD),
    ],
)
def test_scorm_2004_editions(schemaversion, expected):
    xml = manifest_2004(item(), sco_2004(), schemaversion=schemaversion)
    assert parse_manifest(xml).version is expected


# --- SCORM 1.2 details --------------------------------------------------------------------


def test_scorm_12_item_extensions_and_nesting():
    items = (
        '<item identifier="unit"><title>Unit</title>'
        + item(
            "a",
            "r1",
            "<adlcp:masteryscore>75</adlcp:masteryscore>"
            "<adlcp:datafromlms>level=2</adlcp:datafromlms>"
            '<adlcp:prerequisites type="aicc_script">b</adlcp:prerequisites>',
            attributes='parameters="page=2"',
        )
        + "</item>"
        + item("b", "r2", attributes='parameters="#end"')
    )
    resources = '<resource identifier="r0" type="webcontent" adlcp:scormtype="asset" href="x.css"/>'
    xml = manifest(
        items=items,
        resources=resources
        + sco_12("r1", "a.html?x=1", 'xml:base="lessons"')
        + sco_12("r2", "b.html#start"),
    )
    parsed = parse_manifest(xml)
    a, b = parsed.scos
    assert (a.depth, a.launch_url, a.launch_path) == (
        1,
        "lessons/a.html?x=1&page=2",
        "lessons/a.html",
    )
    assert (a.mastery_score, a.data_from_lms, a.prerequisites) == (75.0, "level=2", "b")
    assert b.launch_url == "b.html#start"  # the href's own fragment wins
    assert b.mastery_score is None


def test_scorm_12_accepts_scormtype_in_any_case():
    resources = '<resource identifier="r1" type="webcontent" adlcp:scormType="SCO" href="a.html"/>'
    assert (
        parse_manifest(manifest(items=item(), resources=resources)).scos[0].launch_path == "a.html"
    )


def test_scorm_12_with_the_2004_packaging_namespace():
    # Some authoring tools put SCORM 1.2's adlcp namespace under imscp_v1p1.
    parsed = parse_manifest(manifest(items=item(), resources=sco_12(), cp=CP_2004))
    assert parsed.version is ScormVersion.SCORM_12


def test_organisation_without_default_uses_the_first():
    xml = manifest(items=item(), resources=sco_12(), organizations_attributes="")
    assert parse_manifest(xml).organisation == "org"


def test_windows_backslashes_in_hrefs():
    parsed = parse_manifest(manifest(items=item(), resources=sco_12(href="lesson\\index.html")))
    assert parsed.scos[0].launch_path == "lesson/index.html"


# --- refused manifests --------------------------------------------------------------------


def test_external_entities_are_refused():
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"><title>&secret;</title>
</manifest>"""
    error = rejection(xxe)
    assert error.code == "manifest_entities"
    assert "passwd" not in error.message


def test_billion_laughs_is_refused_before_expansion():
    laughs = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE manifest [{"".join(laughs)}]>'
        f'<manifest xmlns="{CP_12}">&lol9;</manifest>'
    ).encode()
    error = rejection(xml)
    assert error.code == "manifest_entities"
    assert "billion laughs" in error.message


def test_a_doctype_that_would_fetch_a_dtd_is_refused():
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE manifest SYSTEM "http://127.0.0.1:9/evil.dtd">'
        + manifest(items=item(), resources=sco_12()).split(b"?>", 1)[1]
    )
    assert rejection(xml).code == "manifest_dtd"


def test_parameter_entities_are_refused():
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x">'
        b"%remote;]><m/>"
    )
    assert rejection(xml).code == "manifest_entities"


@pytest.mark.parametrize(
    "xml",
    [
        b"",
        b"not xml at all",
        b"<manifest",
        b'<?xml version="1.0"?><manifest xmlns="x"><unclosed></manifest>',
        b"\xff\xfe\x00garbage",
        b"<manifest>&undefined;</manifest>",
    ],
)
def test_malformed_xml_is_refused(xml):
    error = rejection(xml)
    assert error.code == "manifest_malformed"
    assert "not well-formed" in error.message


@pytest.mark.parametrize(
    ("xml", "mention"),
    [
        (b"<manifest><organizations/></manifest>", "no namespace"),
        (b'<manifest xmlns="http://example.com/not-ims"/>', "http://example.com/not-ims"),
        (f'<package xmlns="{CP_12}"/>'.encode(), "<package>"),
        (f'<manifest xmlns="{CP_12.upper()}"/>'.encode(), CP_12.upper()),
    ],
)
def test_wrong_namespace_or_root_is_refused(xml, mention):
    error = rejection(xml)
    assert error.code == "manifest_namespace"
    assert mention in error.message


def test_mixed_adlcp_namespaces_are_refused():
    resources = (
        f'<resource xmlns:old="{ADLCP_12}" identifier="r1" type="webcontent" '
        'adlcp:scormType="sco" old:scormtype="sco" href="a.html"/>'
    )
    xml = manifest_2004(item(), resources)
    assert rejection(xml).code == "manifest_namespace"


@pytest.mark.parametrize(
    ("schemaversion", "cp", "adlcp"),
    [("1.2", CP_2004, ADLCP_2004), ("2004 4th Edition", CP_12, ADLCP_12)],
)
def test_schemaversion_contradicting_the_namespaces_is_refused(schemaversion, cp, adlcp):
    scorm_type = "scormType" if adlcp == ADLCP_2004 else "scormtype"
    resources = (
        f'<resource identifier="r1" type="webcontent" adlcp:{scorm_type}="sco" href="a.html"/>'
    )
    xml = manifest(
        items=item(), resources=resources, schemaversion=schemaversion, cp=cp, adlcp=adlcp
    )
    assert rejection(xml).code == "manifest_version_conflict"


def test_no_organisations_is_refused():
    xml = (
        f'<manifest xmlns="{CP_12}" xmlns:adlcp="{ADLCP_12}">'
        f"<resources>{sco_12()}</resources></manifest>"
    )
    assert rejection(xml.encode()).code == "no_organisations"
    empty = f'<manifest xmlns="{CP_12}"><organizations/><resources/></manifest>'
    assert rejection(empty.encode()).code == "no_organisations"


def test_a_missing_default_organisation_is_refused():
    xml = manifest(items=item(), resources=sco_12(), organizations_attributes='default="nope"')
    error = rejection(xml)
    assert error.code == "manifest_default_organisation"
    assert "'nope'" in error.message


def test_a_package_of_assets_only_is_refused():
    assets = '<resource identifier="r1" type="webcontent" adlcp:scormtype="asset" href="a.html"/>'
    assert rejection(manifest(items=item(), resources=assets)).code == "no_sco"


def test_an_organisation_of_folders_only_is_refused():
    folders = '<item identifier="f"><title>Folder</title></item>'
    assert rejection(manifest(items=folders, resources=sco_12())).code == "no_sco"


def test_an_item_pointing_at_no_resource_is_refused():
    error = rejection(manifest(items=item(ref="ghost"), resources=sco_12()))
    assert error.code == "manifest_unknown_resource"
    assert "'ghost'" in error.message


def test_duplicate_resource_identifiers_are_refused():
    xml = manifest(items=item(), resources=sco_12("r1", "a.html") + sco_12("r1", "b.html"))
    assert rejection(xml).code == "manifest_duplicate_identifier"


@pytest.mark.parametrize(
    ("resources", "code"),
    [
        (sco_12(href="../../etc/passwd"), "manifest_path"),
        (sco_12(href="/etc/passwd"), "manifest_path"),
        (sco_12(href="a/../../outside.html"), "manifest_path"),
        (sco_12(attributes='xml:base="http://evil.example/"'), "manifest_path"),
        (sco_12(attributes='xml:base="/srv/"'), "manifest_path"),
        (sco_12(attributes='xml:base="../"'), "manifest_path"),
        (sco_12(href="https://evil.example/sco.html"), "manifest_bad_launch"),
        (sco_12(href="//evil.example/sco.html"), "manifest_bad_launch"),
        (sco_12(href="#only-a-fragment"), "manifest_bad_launch"),
        (
            '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco"/>',
            "manifest_bad_launch",
        ),
        (
            sco_12(attributes='adlcp:x="1"').replace('scormtype="sco"', 'scormtype="lesson"'),
            "manifest_bad_value",
        ),
    ],
)
def test_launch_locations_outside_the_package_are_refused(resources, code):
    assert rejection(manifest(items=item(), resources=resources)).code == code


@pytest.mark.parametrize("score", ["abc", "150", "-1", "NaN", "inf"])
def test_a_bad_mastery_score_is_refused(score):
    inner = f"<adlcp:masteryscore>{score}</adlcp:masteryscore>"
    error = rejection(manifest(items=item(inner=inner), resources=sco_12()))
    assert error.code == "manifest_bad_value"
    assert "masteryscore" in error.message


def test_a_bad_pass_mark_in_2004_is_refused():
    inner = (
        "<imsss:sequencing><imsss:objectives>"
        '<imsss:primaryObjective satisfiedByMeasure="true">'
        "<imsss:minNormalizedMeasure>2</imsss:minNormalizedMeasure>"
        "</imsss:primaryObjective></imsss:objectives></imsss:sequencing>"
    )
    assert rejection(manifest_2004(item(inner=inner), sco_2004())).code == "manifest_bad_value"


def test_absurdly_deep_nesting_is_refused_without_recursion():
    depth = 2_000
    opening = "".join(f'<item identifier="f{n}"><title>f</title>' for n in range(depth))
    xml = manifest(items=opening + item() + "</item>" * depth, resources=sco_12())
    error = rejection(xml)
    assert error.code == "manifest_nesting"
    assert str(MAX_ITEM_DEPTH) in error.message


def test_an_oversized_manifest_is_refused_before_parsing():
    padding = b"<!--" + b"x" * MAX_MANIFEST_BYTES + b"-->"
    xml = manifest(items=item(), resources=sco_12()).replace(
        b"<resources>", padding + b"<resources>"
    )
    assert rejection(xml).code == "manifest_too_large"
