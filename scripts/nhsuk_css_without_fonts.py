"""Write static/css/nhsuk-frontend-nofonts.min.css: the NHS.UK frontend CSS that
wagtail-nhsuk-frontend ships, with its @font-face rules removed.

Those rules point browsers at NHS Frutiger on assets.nhs.uk. The font is licensed to
the NHS, and a third-party font host would learn every visitor's address; even with
CSP blocking the request, Chrome tries it on every page. Run this again after
upgrading wagtail-nhsuk-frontend (tests/home/test_static.py fails until you do).
"""

import re
from pathlib import Path

import wagtailnhsukfrontend

FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
PACKAGE_CSS = (
    Path(wagtailnhsukfrontend.__file__).parent
    / "static/wagtailnhsukfrontend/css/nhsuk-frontend-10.4.2.min.css"
)
OUTPUT = Path(__file__).resolve().parent.parent / "static/css/nhsuk-frontend-nofonts.min.css"


def stripped_css() -> str:
    return FONT_FACE.sub("", PACKAGE_CSS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    OUTPUT.write_text(stripped_css(), encoding="utf-8")
    print(f"wrote {OUTPUT}")
