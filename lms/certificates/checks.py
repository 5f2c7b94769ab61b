"""A system check that the certificate fonts were installed (npm's postinstall copies them)."""

from __future__ import annotations

from django.core import checks

FONTS = (
    "noto-sans-latin-400-normal.woff2",
    "noto-sans-latin-700-normal.woff2",
    "noto-sans-latin-ext-400-normal.woff2",
    "noto-sans-latin-ext-700-normal.woff2",
    "noto-sans-arabic-arabic-400-normal.woff2",
    "noto-sans-hebrew-hebrew-400-normal.woff2",
)


def fonts_installed(app_configs=None, **kwargs):
    from django.contrib.staticfiles import finders

    missing = [name for name in FONTS if not finders.find(f"certificates/fonts/{name}")]
    if not missing:
        return []
    return [
        checks.Warning(
            f"Certificate fonts are missing: {', '.join(missing)}.",
            hint="Run `npm install` (or `npm run build:fonts`): certificates would fall back to "
            "system fonts, which may lack Welsh, Polish, Arabic or Hebrew letters.",
            id="certificates.W001",
        )
    ]


def register() -> None:
    checks.register(fonts_installed)
