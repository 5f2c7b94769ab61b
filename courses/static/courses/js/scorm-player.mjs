// Plays one SCO: sets up scorm-again as the SCORM runtime this page offers the SCO's frame,
// starts it from the data the server holds for the learner's attempt, and sends every commit
// to the server with the launch's token. The SCO finds the runtime by climbing from its frame
// to this window (window.API for SCORM 1.2, window.API_1484_11 for 2004), so the runtime
// must exist before the frame is given its address.

const ERROR_MESSAGES = {
  stale_session: "This activity has been opened again in another tab or window. Carry on there.",
  token_expired: "This page has been open too long to save your progress. Reload it to carry on.",
  not_signed_in: "You have been signed out, so your progress is not being saved. Sign in again, " +
    "then reload this page.",
  wrong_user: "You are signed in as someone else now. Reload the page to carry on.",
  not_enrolled: "You have left this course, so your progress is no longer saved.",
};
const FALLBACK_ERROR =
  "Your progress could not be saved just now. Check your connection; it will be saved again " +
  "at the next step.";

const statusRegion = document.getElementById("scorm-status");
const frame = document.getElementById("scorm-frame");
const configElement = document.getElementById("scorm-player-config");

function say(text) {
  statusRegion.textContent = text;
}

// scorm-again's own handler reads the body of 2xx answers only. Ours explains refusals in
// 4xx bodies too, and the SCO should see the SCORM error code the server chose.
function readCommitAnswer(xhr) {
  let body = null;
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    body = null;
  }
  const ok = xhr.status >= 200 && xhr.status < 300;
  if (body === null || typeof body !== "object" || !("result" in body)) {
    say(ok ? "Your progress is saved." : FALLBACK_ERROR);
    return { result: ok, errorCode: ok ? 0 : 101 };
  }
  const accepted = ok && body.result === true;
  say(accepted ? "Your progress is saved." : ERROR_MESSAGES[body.error] || FALLBACK_ERROR);
  return { result: accepted, errorCode: accepted ? 0 : Number(body.errorCode) || 101 };
}

async function loadRuntime(version) {
  if (version === "2004") {
    const { Scorm2004API } = await import("../vendor/scorm-again/scorm2004.min.js");
    return { Api: Scorm2004API, globalName: "API_1484_11" };
  }
  const { Scorm12API } = await import("../vendor/scorm-again/scorm12.min.js");
  return { Api: Scorm12API, globalName: "API" };
}

function followLink(selector) {
  const link = document.querySelector(selector);
  if (link) {
    window.location.assign(link.href);
  }
}

// A SCO that is unloaded without finishing (the learner follows a link, closes the tab)
// would otherwise lose everything since its last commit. Listening on the SCO's own window,
// registered after the SCO's scripts ran, lets the SCO's own unload handler save first;
// whatever is still open is then finished here, which sends the data by beacon.
function finishWhenFrameUnloads(api, finish) {
  frame.addEventListener("load", () => {
    let contentWindow = null;
    try {
      contentWindow = frame.contentWindow;
      contentWindow.addEventListener("pagehide", () => {
        if (api.isInitialized() && !api.isTerminated()) {
          finish();
        }
      });
    } catch {
      // A frame that navigated to another origin is out of reach; its SCO cannot reach
      // the runtime either.
    }
  });
}

async function start() {
  const config = JSON.parse(configElement.textContent);
  const { Api, globalName } = await loadRuntime(config.version);
  const api = new Api({
    lmsCommitUrl: config.commitUrl,
    dataCommitFormat: "flattened",
    // The server applies commits in order and ignores repeats, so each carries its number.
    includeCommitSequence: true,
    autocommit: true,
    autocommitSeconds: config.autocommitSeconds,
    commitRequestDataType: "application/json;charset=UTF-8",
    // The final commit goes by sendBeacon, which may only use a CORS-safelisted type.
    terminationCommitContentType: "text/plain;charset=UTF-8",
    xhrResponseHandler: readCommitAnswer,
    logLevel: "ERROR",
  });
  api.loadFromFlattenedJSON(config.cmi);
  window[globalName] = api;

  const is2004 = config.version === "2004";
  const finishedText = document.querySelector("[data-scorm-next]")
    ? "You have finished this part. Go on to the next part when you are ready."
    : "You have finished this activity. Go back to the lesson to see your progress.";
  api.on(is2004 ? "Initialize" : "LMSInitialize", () => say("Your progress is saved as you go."));
  api.on(is2004 ? "Terminate" : "LMSFinish", () => say(finishedText));
  if (is2004) {
    // A SCO may ask to move on when it ends; only the order of SCOs is supported.
    api.on("SequenceNext", () => followLink("[data-scorm-next]"));
    api.on("SequencePrevious", () => followLink("[data-scorm-previous]"));
  }
  finishWhenFrameUnloads(api, () => (is2004 ? api.Terminate("") : api.LMSFinish("")));
  frame.src = frame.dataset.src;
}

start().catch((error) => {
  say("The activity could not be started. Reload the page to try again.");
  throw error;
});
