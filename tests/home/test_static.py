from pathlib import Path

from scripts.nhsuk_css_without_fonts import OUTPUT, stripped_css


def test_served_nhsuk_css_matches_the_installed_package_without_fonts():
    # Fails after upgrading wagtail-nhsuk-frontend until the script is run again.
    assert Path(OUTPUT).read_text(encoding="utf-8") == stripped_css()
    assert "@font-face" not in stripped_css()
    assert "assets.nhs.uk" not in stripped_css()
