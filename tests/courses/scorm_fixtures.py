"""Small real SCORM packages, built at test time so nothing third-party is committed.

``build_scorm2004_package()`` is a one-SCO SCORM 2004 4th edition course; its page finds
``window.API_1484_11`` by climbing parent frames (then the opener's), calls Initialize,
reads ``cmi.entry`` to resume, and offers the buttons "Next page", "Finish and pass",
"Finish and fail" and "Save and exit", which set location, suspend data, completion and
success status, scaled score, session time and exit, then Commit and (to finish) Terminate.
``build_scorm12_package()`` is a two-SCO SCORM 1.2 course doing the same through
``window.API`` and the LMS* calls. A ``<p role="status">`` on each page says what happened,
for browser tests to wait on.

The ``*_files()`` functions return the package as ``{path: text}`` so a test can break one
thing (drop the launch file, change a namespace) before zipping it with ``zip_package``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

# A fixed timestamp makes the same files always zip to the same bytes.
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

SCORM_2004_LAUNCH = "sco/index.html"
SCORM_12_LAUNCHES = ("lesson1/index.html", "lesson2/index.html")
PAGES_PER_SCO = 3


def minimal_scorm12_dir(third_party_dir: Path) -> Path:
    """The real SCORM 1.2 package in the scormhost sdist (see tests/courses/conftest.py)."""
    return next((third_party_dir / "scormhost").glob("*/tests/fixtures/minimal-scorm12"))


def zip_package(files: Mapping[str, str | bytes]) -> bytes:
    """The zip bytes of ``files`` (path -> content), in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            info = zipfile.ZipInfo(path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # a regular file, as any zip tool writes
            archive.writestr(info, content)
    return buffer.getvalue()


def build_scorm2004_package(
    *, title: str = "Staying safe online", passing_score: float = 0.8
) -> bytes:
    return zip_package(scorm2004_files(title=title, passing_score=passing_score))


def build_scorm12_package(
    *, title: str = "Working with shared files", mastery_score: int = 80
) -> bytes:
    return zip_package(scorm12_files(title=title, mastery_score=mastery_score))


def scorm2004_files(*, title: str, passing_score: float) -> dict[str, str]:
    return {
        "imsmanifest.xml": _manifest_2004(title=title, passing_score=passing_score),
        SCORM_2004_LAUNCH: _page(title=title, script="../shared/sco2004.js", lesson=title),
        "shared/sco2004.js": _SCO_2004_JS,
        "shared/sco.css": _CSS,
    }


def scorm12_files(*, title: str, mastery_score: int) -> dict[str, str]:
    lessons = ("Finding a shared file", "Sharing a file safely")
    files = {"imsmanifest.xml": _manifest_12(title=title, mastery_score=mastery_score)}
    for path, lesson in zip(SCORM_12_LAUNCHES, lessons, strict=True):
        files[path] = _page(title=title, script="../shared/sco12.js", lesson=lesson)
    files["shared/sco12.js"] = _SCO_12_JS
    files["shared/sco.css"] = _CSS
    return files


def _manifest_2004(*, title: str, passing_score: float) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.course.scorm2004" version="1"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
      <item identifier="item_check" identifierref="res_check">
        <title>{title}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="passed_check" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{passing_score}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res_check" type="webcontent" adlcp:scormType="sco"
        href="{SCORM_2004_LAUNCH}">
      <file href="{SCORM_2004_LAUNCH}"/>
      <dependency identifierref="res_shared"/>
    </resource>
    <resource identifier="res_shared" type="webcontent" adlcp:scormType="asset">
      <file href="shared/sco2004.js"/>
      <file href="shared/sco.css"/>
    </resource>
  </resources>
</manifest>
"""


def _manifest_12(*, title: str, mastery_score: int) -> str:
    items = "\n".join(
        f"""      <item identifier="item_{number}" identifierref="res_{number}">
        <title>Lesson {number}</title>
        <adlcp:masteryscore>{mastery_score}</adlcp:masteryscore>
      </item>"""
        for number in (1, 2)
    )
    resources = "\n".join(
        f"""    <resource identifier="res_{number}" type="webcontent" adlcp:scormtype="sco"
        href="{path}">
      <file href="{path}"/>
      <dependency identifierref="res_shared"/>
    </resource>"""
        for number, path in enumerate(SCORM_12_LAUNCHES, start=1)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="test.course.scorm12" version="1"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>{title}</title>
{items}
    </organization>
  </organizations>
  <resources>
{resources}
    <resource identifier="res_shared" type="webcontent" adlcp:scormtype="asset">
      <file href="shared/sco12.js"/>
      <file href="shared/sco.css"/>
    </resource>
  </resources>
</manifest>
"""


def _page(*, title: str, script: str, lesson: str) -> str:
    # No inline script or handlers, so the page also runs under a strict CSP.
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{lesson} - {title}</title>
  <link rel="stylesheet" href="../shared/sco.css">
</head>
<body>
  <main>
    <h1>{lesson}</h1>
    <p id="page">Page 1 of {PAGES_PER_SCO}</p>
    <p id="status" role="status">Connecting to the learning platform...</p>
    <button type="button" id="next">Next page</button>
    <button type="button" id="pass">Finish and pass</button>
    <button type="button" id="fail">Finish and fail</button>
    <button type="button" id="suspend">Save and exit</button>
  </main>
  <script src="{script}"></script>
</body>
</html>
"""


_CSS = """body { font-family: sans-serif; margin: 1.5rem; line-height: 1.5; }
button { font-size: 1rem; margin: 0.25rem 0.5rem 0.25rem 0; padding: 0.5rem 1rem; }
button:focus { outline: 3px solid #fd0; }
"""

# Shared by both versions' scripts: find an API object on this window, its parents, or the
# window that opened it. Frames from another origin throw on access, so the climb goes on.
_FIND_API_JS = """
  function findApi(name) {
    function climb(start) {
      var win = start;
      for (var hops = 0; win && hops < 12; hops += 1) {
        try {
          if (win[name]) { return win[name]; }
        } catch (error) { /* another origin's frame: keep climbing */ }
        if (win.parent === win) { return null; }
        win = win.parent;
      }
      return null;
    }
    return climb(window) || (window.opener ? climb(window.opener) : null);
  }
"""

_PAGE_JS = """
  var PAGES = 3;
  var started = Date.now();
  var page = 1;
  var done = false;

  function say(text) { document.getElementById("status").textContent = text; }
  function showPage() {
    document.getElementById("page").textContent = "Page " + page + " of " + PAGES;
  }
  function finish(text) {
    done = true;
    say(text);
    var buttons = document.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i += 1) { buttons[i].disabled = true; }
  }
  function elapsed() {
    var centis = Math.round((Date.now() - started) / 10);
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    return { hours: hours, minutes: minutes, seconds: (centis % 6000) / 100 };
  }
"""

_SCO_2004_JS = f"""(function () {{
  "use strict";
{_FIND_API_JS}{_PAGE_JS}
  var api = findApi("API_1484_11");

  function sessionTime() {{
    var t = elapsed();
    return "PT" + t.hours + "H" + t.minutes + "M" + t.seconds.toFixed(2) + "S";
  }}
  function set(name, value) {{
    if (String(api.SetValue(name, String(value))) !== "true") {{
      throw new Error("SetValue " + name + " failed: " + api.GetLastError());
    }}
  }}
  function keepPlace() {{
    set("cmi.location", page);
    set("cmi.suspend_data", JSON.stringify({{ page: page }}));
    set("cmi.progress_measure", (page / PAGES).toFixed(2));
  }}
  function end(exit, success, scaled, text) {{
    keepPlace();
    if (success) {{
      set("cmi.completion_status", "completed");
      set("cmi.success_status", success);
      set("cmi.score.scaled", scaled);
      set("cmi.score.raw", Math.round(scaled * 100));
      set("cmi.score.min", 0);
      set("cmi.score.max", 100);
    }}
    set("cmi.session_time", sessionTime());
    set("cmi.exit", exit);
    api.Commit("");
    api.Terminate("");
    finish(text);
  }}

  if (!api) {{
    finish("No SCORM 2004 runtime found, so progress cannot be saved.");
    return;
  }}
  api.Initialize("");
  if (api.GetValue("cmi.entry") === "resume") {{
    page = parseInt(api.GetValue("cmi.location"), 10) || 1;
    say("Welcome back: resumed at page " + page + ".");
  }} else {{
    set("cmi.completion_status", "incomplete");
    say("Started.");
  }}
  showPage();

  document.getElementById("next").addEventListener("click", function () {{
    page = Math.min(page + 1, PAGES);
    showPage();
    keepPlace();
    api.Commit("");
    say("Saved page " + page + ".");
  }});
  document.getElementById("pass").addEventListener("click", function () {{
    end("normal", "passed", 0.9, "Finished: passed.");
  }});
  document.getElementById("fail").addEventListener("click", function () {{
    end("normal", "failed", 0.3, "Finished: failed.");
  }});
  document.getElementById("suspend").addEventListener("click", function () {{
    end("suspend", null, null, "Saved. You can resume later.");
  }});
  window.addEventListener("pagehide", function () {{
    if (!done) {{ end("suspend", null, null, "Saved."); }}
  }});
}}());
"""

_SCO_12_JS = f"""(function () {{
  "use strict";
{_FIND_API_JS}{_PAGE_JS}
  var api = findApi("API");

  function pad(number, width) {{
    var text = String(number);
    while (text.length < width) {{ text = "0" + text; }}
    return text;
  }}
  function sessionTime() {{
    var t = elapsed();
    return pad(t.hours, 4) + ":" + pad(t.minutes, 2) + ":" + pad(t.seconds.toFixed(2), 5);
  }}
  function set(name, value) {{
    if (String(api.LMSSetValue(name, String(value))) !== "true") {{
      throw new Error("LMSSetValue " + name + " failed: " + api.LMSGetLastError());
    }}
  }}
  function keepPlace() {{
    set("cmi.core.lesson_location", page);
    set("cmi.suspend_data", JSON.stringify({{ page: page }}));
  }}
  function end(exit, status, raw, text) {{
    keepPlace();
    set("cmi.core.lesson_status", status);
    if (raw !== null) {{
      set("cmi.core.score.raw", raw);
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
    }}
    set("cmi.core.session_time", sessionTime());
    set("cmi.core.exit", exit);
    api.LMSCommit("");
    api.LMSFinish("");
    finish(text);
  }}

  if (!api) {{
    finish("No SCORM 1.2 runtime found, so progress cannot be saved.");
    return;
  }}
  api.LMSInitialize("");
  if (api.LMSGetValue("cmi.core.entry") === "resume") {{
    page = parseInt(api.LMSGetValue("cmi.core.lesson_location"), 10) || 1;
    say("Welcome back: resumed at page " + page + ".");
  }} else {{
    set("cmi.core.lesson_status", "incomplete");
    say("Started.");
  }}
  showPage();

  document.getElementById("next").addEventListener("click", function () {{
    page = Math.min(page + 1, PAGES);
    showPage();
    keepPlace();
    api.LMSCommit("");
    say("Saved page " + page + ".");
  }});
  document.getElementById("pass").addEventListener("click", function () {{
    end("", "passed", 90, "Finished: passed.");
  }});
  document.getElementById("fail").addEventListener("click", function () {{
    end("", "failed", 30, "Finished: failed.");
  }});
  document.getElementById("suspend").addEventListener("click", function () {{
    end("suspend", "incomplete", null, "Saved. You can resume later.");
  }});
  window.addEventListener("pagehide", function () {{
    if (!done) {{ end("suspend", "incomplete", null, "Saved."); }}
  }});
}}());
"""
