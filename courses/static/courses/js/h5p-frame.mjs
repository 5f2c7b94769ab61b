// Runs inside an H5P activity's sandboxed frame, beside h5p-standalone. The frame has an
// opaque origin and no session, so it cannot save anything itself: it hands H5P's
// results and resume state to the lesson page around it, which can. Anything here can
// be imitated by the content's own code, so the server trusts none of it beyond what
// H5P itself reports about the learner's own attempt.

const CHANNEL = "lms-h5p";
// H5P saves its state on a timer too; this catches changes that came without an event.
const STATE_CHECK_MS = 5000;
const OUTCOME_VERBS = new Set([
  "http://adlnet.gov/expapi/verbs/answered",
  "http://adlnet.gov/expapi/verbs/completed",
]);

// H5P core keeps a few things (its clipboard, a queue of unsent requests) in Web
// Storage, and merely reading window.localStorage throws in an opaque origin, which
// stops H5P part-way through starting the content. An in-memory store stands in:
// nothing in it needs to outlive the page, and the server keeps the resume state.
function memoryStorage() {
  const items = new Map();
  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(String(key)) ?? null,
    setItem: (key, value) => {
      items.set(String(key), String(value));
    },
    removeItem: (key) => {
      items.delete(String(key));
    },
    clear: () => {
      items.clear();
    },
  };
}

for (const name of ["localStorage", "sessionStorage"]) {
  try {
    void window[name];
  } catch {
    Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
  }
}

const config = JSON.parse(document.getElementById("lms-h5p-config").textContent);
const container = document.getElementById("lms-h5p-player");
let lastState = config.options.contentUserData?.[0]?.state ?? null;

function send(message) {
  // Addressed to our own origin, so a page elsewhere that framed the player hears nothing.
  window.parent.postMessage({ channel: CHANNEL, ...message }, config.parentOrigin);
}

function h5pInstance() {
  return window.H5P?.instances?.[0] ?? null;
}

function currentState() {
  const instance = h5pInstance();
  if (typeof instance?.getCurrentState !== "function") {
    return null;
  }
  try {
    const state = instance.getCurrentState();
    return state === undefined ? null : JSON.stringify(state);
  } catch {
    // A content type's own bug must not stop results from being passed on.
    return null;
  }
}

function sendStateIfChanged() {
  const state = currentState();
  if (state === null || state === lastState) {
    return;
  }
  lastState = state;
  send({ type: "state", state });
}

function isOutcome(statement) {
  // Sub-content (a question inside a question set) has its own object id: only the
  // activity as a whole makes an outcome.
  return OUTCOME_VERBS.has(statement?.verb?.id) && statement?.object?.id === config.activityIri;
}

function onStatement(event) {
  const statement = event?.data?.statement;
  if (!isOutcome(statement)) {
    // Interactions change what should be resumed; look once H5P has updated itself.
    setTimeout(sendStateIfChanged, 0);
    return;
  }
  const state = currentState();
  if (state !== null) {
    lastState = state;
  }
  // A plain copy: H5P's statement objects can hold references postMessage cannot clone.
  send({ type: "statement", statement: JSON.parse(JSON.stringify(statement)), state });
}

function reportHeight() {
  send({ type: "resize", height: Math.ceil(document.documentElement.scrollHeight) });
}

document.body.style.margin = "0";
new ResizeObserver(reportHeight).observe(document.body);
// H5P core arrives with the player, so its dispatcher exists only once the player is up.
new window.H5PStandalone.H5P(container, config.options).then(() => {
  window.H5P.externalDispatcher.on("xAPI", onStatement);
  setInterval(sendStateIfChanged, STATE_CHECK_MS);
});
