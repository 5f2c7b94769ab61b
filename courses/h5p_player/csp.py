"""The Content Security Policy of the player document, built per response.

The site's policy (nonces, frame-ancestors 'none') does not fit a document that runs
uploaded code inside a frame, so the player sends its own: narrower in what it may load
and run, wider only in that our own pages may frame it.

- sandbox allow-scripts: an opaque origin even when the document is opened on its own,
  not only inside the lesson's sandboxed iframe.
- Scripts, styles, images and fonts only from the h5p-standalone files, our glue script
  and this grant's package files; fetches only to the package files. Nothing from any
  other origin: libraries come inside the package, and hosted media or embeds are
  refused.
- No 'unsafe-inline' and no 'unsafe-eval'. Measured in chromium with h5p-standalone
  3.7.0 (H5P core embedded in a div) playing H5P.TrueFalse 1.6: neither is needed. The
  one thing the sandbox broke, Web Storage, is stood in for by the glue script, not by
  loosening this policy. A content type that writes style attributes loses just those
  styles, and the browser reports each refusal.
"""

from __future__ import annotations

_FRAMED_BY_US = {"frame-ancestors": "'self'", "sandbox": "allow-scripts"}


def _join(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def player_policy(*, player_files: str, glue_script: str, package_files: str) -> str:
    """The header value. Each argument is an absolute URL; those ending in "/" allow
    everything below that path, the other exactly that file."""
    code = f"{player_files} {package_files}"
    return _join(
        {
            "default-src": "'none'",
            "script-src": f"{code} {glue_script}",
            "style-src": code,
            "img-src": f"{code} data: blob:",
            "font-src": f"{code} data:",
            "media-src": f"{package_files} blob:",
            "connect-src": package_files,
            "object-src": "'none'",
            "base-uri": "'none'",
            "form-action": "'none'",
            **_FRAMED_BY_US,
        }
    )


def error_policy() -> str:
    """For the short message shown in the frame when a grant cannot be used."""
    return _join({"default-src": "'none'", "base-uri": "'none'", **_FRAMED_BY_US})
