"""scripts/production_smoke.sh runs README.md's "Running it for real" literally: every
command of the README's block, in the README's order, with a value for each "…" and
nothing added; and no command the README does not give. (CI runs the script itself.)"""

import re

from tests.helpers import ROOT

README = (ROOT / "README.md").read_text()
SCRIPT = (ROOT / "scripts" / "production_smoke.sh").read_text()
SCRIPT_START = '# --- README.md, "Running it for real", from here on'
SCRIPT_END = "# --- end of the README's steps"
# One shell word as the script writes it: "quoted", 'quoted', $(…) or plain.
WORD = r"""(?:"[^"]*"|'[^']*'|\$\([^)]*\)|[^\s"'])+"""
# The script runs a command through its helpers: step NAME … or start NAME LOG ….
HELPER = r'(?:(?:step|start) (?:"[^"]*" )+)?'


def joined(lines: str) -> list[str]:
    """Shell lines with continuations joined and comments dropped."""
    text = re.sub(r"\\\n\s*", " ", lines)
    commands = []
    for line in text.splitlines():
        line = " ".join(re.sub(r"\s+#.*$", "", line).split())
        if line and not line.startswith("#"):
            commands.append(line)
    return commands


def readme_commands() -> list[str]:
    section = README.split("## Running it for real", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return joined(block)


def script_commands() -> list[str]:
    section = SCRIPT.split(SCRIPT_START, 1)[1].split(SCRIPT_END, 1)[0]
    return [line for line in joined(section) if ".venv/bin/" in line or line.startswith("export")]


def pattern(command: str) -> re.Pattern:
    """The README's command as a pattern for the script's line: "…" stands for a value."""
    parts = []
    for token in command.split():
        if "…" not in token:
            parts.append(re.escape(token))
        elif re.match(r"^[A-Z_]+=", token):
            parts.append(re.escape(token.split("=", 1)[0] + "=") + WORD)
        else:
            parts.append(WORD)
    words = r"\s+".join(parts)
    words = words.replace(re.escape(".venv/bin/"), HELPER + re.escape(".venv/bin/"), 1)
    return re.compile(rf"^{words}$")


def test_the_readme_block_has_the_steps_the_script_relies_on():
    commands = readme_commands()
    assert commands[0].startswith("export DJANGO_SETTINGS_MODULE=config.settings.production")
    for name in ("migrate", "collectstatic", "site_setup", "staff_account_create", "gunicorn"):
        assert any(name in command for command in commands), name


def test_the_script_runs_every_readme_command_in_order_and_nothing_else():
    script = script_commands()
    readme = readme_commands()
    assert len(script) == len(readme), (script, readme)
    for readme_command, script_command in zip(readme, script, strict=True):
        assert pattern(readme_command).match(script_command), (readme_command, script_command)


def test_the_comparison_notices_a_changed_command():
    # The check itself can fail: a flag the README does not give is caught.
    assert not pattern(".venv/bin/python manage.py migrate").match(
        'step "migrate" .venv/bin/python manage.py migrate --run-syncdb'
    )
    assert pattern("SECRET_KEY=… .venv/bin/python manage.py x --name …").match(
        'SECRET_KEY="$(openssl rand -hex 32)" step "x" .venv/bin/python manage.py x --name "A B"'
    )
