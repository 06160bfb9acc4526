"""No filter inside {% blocktranslate %}: Django does not apply it there but looks up a
variable named, say, `threshold|add:"-1"`, finds nothing and prints nothing ("a count
from 1 to is shown as 'fewer than 5'"). Filters go in `with`:
{% blocktranslate with n=threshold|add:"-1" %}…{{ n }}…{% endblocktranslate %}."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
FILTERED = re.compile(r"\{\{[^}]*\|[^}]*\}\}")


def project_templates():
    for path in ROOT.rglob("*.html"):
        parts = path.relative_to(ROOT).parts
        if "templates" in parts and not {".venv", "node_modules", "htmlcov"} & set(parts):
            yield path


def test_no_template_puts_a_filter_inside_blocktranslate():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in project_templates()
        for block in BLOCK.finditer(path.read_text(encoding="utf-8"))
        for match in FILTERED.finditer(block.group(1))
    ]
    assert found == []


def test_the_check_finds_one():
    assert FILTERED.search(
        BLOCK.search('{% blocktranslate %}1 to {{ t|add:"-1" }}{% endblocktranslate %}').group(1)
    )
