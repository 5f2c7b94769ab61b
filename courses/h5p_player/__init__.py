"""Playing H5P activities in a lesson, and turning what they report into the learning record.

Uploaded H5P JavaScript is untrusted, so it never runs with the site's origin:

- The lesson page embeds an iframe with sandbox="allow-scripts" and no allow-same-origin,
  and the player document sends a CSP "sandbox allow-scripts" of its own, so even opened
  on its own it runs in an opaque origin. Such a document cannot read the site's cookies,
  storage or pages, and its requests to the site carry no session.
- The iframe's address is a signed, expiring player grant (tokens.py), and package files
  come from courses.delivery with a file grant in their URL, so nothing in the frame
  needs a cookie.
- Our glue script inside the frame passes H5P's statements out with postMessage; the
  lesson page's bridge accepts messages only from that iframe's window and posts them,
  with the learner's session and CSRF token, to the statement endpoint.
- The server takes the actor from the session, checks each statement (statements.py)
  and records it through lms.records (services.py). A statement is the content's own
  report of a score: it is trusted no further than H5P itself is, and can at most
  misreport the signed-in learner's own attempt.
"""
