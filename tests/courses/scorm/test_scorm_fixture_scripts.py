"""Run the test packages' page scripts in Node against a recording API, so a browser test
that fails later fails for the platform's reasons, not for a slip in the fixture.

Every value the scripts set must also pass the server's own data model (``apply_commit``).
"""

import json
import shutil
import subprocess
import textwrap

import pytest

from courses.scorm.durations import parse_cmi_timespan, parse_iso_duration
from courses.scorm.runtime import CommitKey, apply_commit, begin_session, new_attempt_state
from courses.scorm.versions import ScormVersion
from tests.courses.scorm_fixtures import scorm12_files, scorm2004_files

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")

# A window with the API one frame up, a document with the page's elements, and the clicks
# the test asks for; prints what the script called and what it showed.
_HARNESS = textwrap.dedent(
    """
    const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const calls = [];
    const store = Object.assign({}, input.initial);
    const ok = (name) => (...args) => { calls.push([name, ...args]); return "true"; };
    const get = (name) => (key) => { calls.push([name, key]); return store[key] || ""; };
    const set = (name) => (key, value) => {
      calls.push([name, key, value]); store[key] = value; return "true";
    };
    const api = input.apiName === "API" ? {
      LMSInitialize: ok("LMSInitialize"), LMSFinish: ok("LMSFinish"),
      LMSCommit: ok("LMSCommit"), LMSGetValue: get("LMSGetValue"),
      LMSSetValue: set("LMSSetValue"), LMSGetLastError: () => "0",
    } : {
      Initialize: ok("Initialize"), Terminate: ok("Terminate"), Commit: ok("Commit"),
      GetValue: get("GetValue"), SetValue: set("SetValue"), GetLastError: () => "0",
    };
    const top = {};
    top.parent = top;
    if (input.withApi) { top[input.apiName] = api; }
    const listeners = {};
    const win = { parent: top, opener: null,
                  addEventListener: (type, fn) => { listeners[type] = fn; } };
    const elements = {};
    const element = (id) => elements[id] || (elements[id] = {
      id, textContent: "", disabled: false, handlers: {},
      addEventListener(type, fn) { this.handlers[type] = fn; },
    });
    const buttons = ["next", "pass", "fail", "suspend"].map(element);
    const doc = { getElementById: element, querySelectorAll: () => buttons };
    new Function("window", "document", input.script)(win, doc);
    for (const action of input.actions) {
      if (action === "pagehide") { listeners.pagehide(); } else {
        element(action).handlers.click();
      }
    }
    console.log(JSON.stringify({
      calls, store, status: element("status").textContent, page: element("page").textContent,
      disabled: buttons.every((button) => button.disabled),
    }));
    """
)


def run_page(script: str, *, api_name: str, actions=(), initial=None, with_api=True) -> dict:
    request = {
        "script": script,
        "apiName": api_name,
        "actions": list(actions),
        "initial": initial or {},
        "withApi": with_api,
    }
    finished = subprocess.run(
        ["node", "-e", _HARNESS],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(finished.stdout)


def script_2004() -> str:
    return scorm2004_files(title="t", passing_score=0.8)["shared/sco2004.js"]


def script_12() -> str:
    return scorm12_files(title="t", mastery_score=80)["shared/sco12.js"]


def set_values(run: dict, setter: str) -> dict[str, str]:
    return {call[1]: call[2] for call in run["calls"] if call[0] == setter}


def names(run: dict) -> list[str]:
    return [call[0] for call in run["calls"] if call[0] not in ("GetValue", "LMSGetValue")]


def server_accepts(version: ScormVersion, payload: dict[str, str]) -> dict:
    pass_mark = 0.8 if version.is_2004 else 80
    state = new_attempt_state(version, learner_id="l", learner_name="L", mastery_score=pass_mark)
    state = begin_session(state, version=version)
    result = apply_commit(state, payload, version=version, key=CommitKey(1, 1))
    assert result.ignored_read_only == ()
    assert result.ignored_unknown == ()
    return result.state


def test_scorm_2004_page_passes():
    run = run_page(script_2004(), api_name="API_1484_11", actions=["next", "pass"])
    values = set_values(run, "SetValue")
    assert names(run)[0] == "Initialize"
    assert names(run)[-2:] == ["Commit", "Terminate"]
    assert values["cmi.location"] == "2"
    assert values["cmi.completion_status"] == "completed"
    assert values["cmi.success_status"] == "passed"
    assert values["cmi.score.scaled"] == "0.9"
    assert values["cmi.exit"] == "normal"
    parse_iso_duration(values["cmi.session_time"])
    assert run["status"] == "Finished: passed."
    assert run["disabled"]
    server_accepts(ScormVersion.SCORM_2004_4TH, values)


def test_scorm_2004_page_suspends_and_resumes():
    run = run_page(script_2004(), api_name="API_1484_11", actions=["next", "next", "suspend"])
    values = set_values(run, "SetValue")
    assert values["cmi.exit"] == "suspend"
    assert values["cmi.location"] == "3"
    assert "cmi.success_status" not in values
    server_accepts(ScormVersion.SCORM_2004_4TH, values)

    resumed = run_page(
        script_2004(),
        api_name="API_1484_11",
        initial={"cmi.entry": "resume", "cmi.location": "3"},
    )
    assert resumed["page"] == "Page 3 of 3"
    assert resumed["status"] == "Welcome back: resumed at page 3."


def test_scorm_2004_page_fails_and_saves_on_pagehide():
    failed_run = run_page(script_2004(), api_name="API_1484_11", actions=["fail"])
    failed = set_values(failed_run, "SetValue")
    assert (failed["cmi.success_status"], failed["cmi.score.scaled"]) == ("failed", "0.3")
    hidden = run_page(script_2004(), api_name="API_1484_11", actions=["pagehide"])
    assert set_values(hidden, "SetValue")["cmi.exit"] == "suspend"
    assert names(hidden)[-1] == "Terminate"


def test_scorm_12_page_passes():
    run = run_page(script_12(), api_name="API", actions=["next", "pass"])
    values = set_values(run, "LMSSetValue")
    assert names(run)[0] == "LMSInitialize"
    assert names(run)[-2:] == ["LMSCommit", "LMSFinish"]
    assert values["cmi.core.lesson_status"] == "passed"
    assert values["cmi.core.score.raw"] == "90"
    assert values["cmi.core.exit"] == ""
    parse_cmi_timespan(values["cmi.core.session_time"])
    assert run["status"] == "Finished: passed."
    server_accepts(ScormVersion.SCORM_12, values)


def test_scorm_12_page_suspends_and_resumes():
    run = run_page(script_12(), api_name="API", actions=["next", "suspend"])
    values = set_values(run, "LMSSetValue")
    assert (values["cmi.core.exit"], values["cmi.core.lesson_status"]) == ("suspend", "incomplete")
    assert values["cmi.core.lesson_location"] == "2"
    server_accepts(ScormVersion.SCORM_12, values)
    resumed = run_page(
        script_12(),
        api_name="API",
        initial={"cmi.core.entry": "resume", "cmi.core.lesson_location": "2"},
    )
    assert resumed["page"] == "Page 2 of 3"


@pytest.mark.parametrize(("script", "api_name"), [(script_2004, "API_1484_11"), (script_12, "API")])
def test_pages_say_so_when_there_is_no_runtime(script, api_name):
    run = run_page(script(), api_name=api_name, with_api=False)
    assert "runtime found" in run["status"]
    assert run["disabled"]
    assert run["calls"] == []
