"""Every hook is documented in docs/plugins.md and exercised by a test (as Datasette does)."""

import inspect
import re
from pathlib import Path

import pytest

from core import hookspecs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(name for name, obj in vars(hookspecs).items()
               if inspect.isfunction(obj) and hasattr(obj, "essaim_spec"))
DOCS = (ROOT / "docs" / "plugins.md").read_text()
TEST_SOURCES = "\n".join(path.read_text() for base in ("tests", "examples")
                         for path in (ROOT / base).rglob("test*.py"))


def test_there_are_hooks():
    assert {"installed_apps", "home_sections", "booking_confirmed"} <= set(HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_docs_section_with_an_example(hook):
    section = re.search(rf"^### {hook}\n(.*?)(?=^#)", DOCS + "\n#", re.S | re.M)
    assert section, f"docs/plugins.md has no '### {hook}' section"
    assert f"def {hook}(" in section.group(1), f"the {hook} section has no example"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_tested(hook):
    assert re.search(rf"def test_hook_{hook}\b", TEST_SOURCES), \
        f"no test function named test_hook_{hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_hookspec_has_a_one_line_docstring(hook):
    doc = getattr(hookspecs, hook).__doc__
    assert doc and "\n" not in doc.strip()
