// Runs on the lesson page. Each H5P activity plays in a frame sandboxed without
// allow-same-origin, so its code cannot use the learner's session; this script listens
// to that frame alone and passes its reports to the server with the session and the
// page's CSRF token. The server checks everything again: this is only the messenger.

const CHANNEL = "lms-h5p";
const MIN_HEIGHT = 200;
const MAX_HEIGHT = 20000;
// Browsers refuse keepalive requests whose bodies add up to more than 64 KiB.
const KEEPALIVE_LIMIT = 60 * 1024;
const MESSAGES = {
  passed: "Your result is saved: you passed this activity.",
  failed: "Your result is saved. You did not reach the pass mark this time: try again.",
  completed: "Your result is saved: you have completed this activity.",
  in_progress: "Your progress is saved.",
  courseCompleted: " You have completed the course.",
  error: "Your result could not be saved. Check your connection, then try the activity again.",
};

function connect(root) {
  const frame = root.querySelector("iframe");
  const status = root.querySelector("[data-lms-h5p-status]");
  // Reports go one at a time, in the order the activity made them.
  let queue = Promise.resolve();

  // Sized here (through the CSSOM, which the site's CSP allows) rather than by a
  // style attribute, which it does not.
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.display = "block";
  frame.style.height = `${MIN_HEIGHT * 2}px`;

  async function post(url, body) {
    const text = JSON.stringify(body);
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      // keepalive lets the last report finish if the learner leaves the page.
      keepalive: new TextEncoder().encode(text).length < KEEPALIVE_LIMIT,
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": root.dataset.csrfToken,
      },
      body: text,
    });
    if (!response.ok) {
      throw new Error(`The server answered ${response.status}`);
    }
    return response.status === 204 ? null : response.json();
  }

  function show(result) {
    let text = MESSAGES[result.status] ?? MESSAGES.completed;
    if (result.course_completed) {
      text += MESSAGES.courseCompleted;
    }
    status.textContent = text;
  }

  function enqueue(url, body, onDone) {
    queue = queue
      .then(() => post(url, body))
      .then(onDone)
      .catch(() => {
        status.textContent = MESSAGES.error;
      });
  }

  window.addEventListener("message", (event) => {
    // The frame's origin is opaque ("null"), so the sending window is what identifies it:
    // nothing else on the page, and no other frame, can speak for this activity.
    if (event.source !== frame.contentWindow) {
      return;
    }
    const message = event.data;
    if (message === null || typeof message !== "object" || message.channel !== CHANNEL) {
      return;
    }
    if (message.type === "resize" && Number.isFinite(message.height)) {
      const height = Math.min(Math.max(Math.ceil(message.height), MIN_HEIGHT), MAX_HEIGHT);
      frame.style.height = `${height}px`;
    } else if (message.type === "statement" && message.statement !== null) {
      const state = typeof message.state === "string" ? message.state : null;
      enqueue(root.dataset.statementUrl, { statement: message.statement, state }, show);
    } else if (message.type === "state" && typeof message.state === "string") {
      enqueue(root.dataset.stateUrl, { state: message.state }, () => {});
    }
  });
}

for (const root of document.querySelectorAll("[data-lms-h5p]")) {
  connect(root);
}
