"""Every hook — core's and those a plugin adds — is documented in docs/plugins.md with
its arguments as specified, and has a test that registers an implementation of it
(as Datasette's test_plugin_hooks_have_tests / test_docs do)."""

import ast
import inspect
import re
from pathlib import Path

import pytest

from core.plugin_manager import get_plugin_manager

ROOT = Path(__file__).resolve().parents[2]
SPECS = get_plugin_manager().hookspecs()
HOOKS = sorted(SPECS)
DOCS = (ROOT / "docs" / "plugins.md").read_text()
TEST_FILES = [path for base in ("tests", "examples") for path in (ROOT / base).rglob("test*.py")]


def section(hook):
    found = re.search(rf"^### {hook}\n(.*?)(?=^#)", DOCS + "\n#", re.S | re.M)
    return found.group(1) if found else None


def registered_hooks(tree) -> set:
    """Hook names a test module implements: a function decorated with ``hookimpl``, a
    keyword given to ``register``/``fresh_manager``/``SimpleNamespace``, or
    ``setattr(plugin, "name", hookimpl(…))``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(
                (isinstance(d, ast.Name) and d.id == "hookimpl") or
                (isinstance(d, ast.Call) and getattr(d.func, "id", "") == "hookimpl")
                for d in node.decorator_list):
            names.add(node.name)
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in ("register", "_register", "fresh_manager", "SimpleNamespace"):
                names.update(k.arg for k in node.keywords if k.arg)
            elif called == "setattr" and len(node.args) == 3 and isinstance(
                    node.args[1], ast.Constant):
                names.add(node.args[1].value)
    return names


def test_hooks_from_core_and_plugins():
    assert {"installed_apps", "home_sections", "booking_confirmed"} <= set(HOOKS)
    # Events and extension points of a plugin are specified by that plugin.
    assert SPECS["practice_sheet_published"].__module__ == "plugins.practice_library.hookspecs"
    assert SPECS["charter_adopted"].__module__ == "plugins.charters.hookspecs"
    assert SPECS["commitment_links"].__module__ == "plugins.charters.hookspecs"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_docs_section_with_an_example(hook):
    text = section(hook)
    assert text, f"docs/plugins.md has no '### {hook}' section"
    assert f"def {hook}(" in text, f"the {hook} section has no example"


@pytest.mark.parametrize("hook", HOOKS)
def test_documented_arguments_are_the_specified_ones(hook):
    text = section(hook) or ""
    example = re.search(rf"def {hook}\(([^)]*)\)", text)
    assert example, f"the {hook} section has no example"
    documented = [a.strip().split(":")[0].split("=")[0].strip()
                  for a in example.group(1).split(",") if a.strip()]
    specified = list(inspect.signature(SPECS[hook]).parameters)
    assert documented == specified, f"{hook}: documented {documented}, specified {specified}"
    for argument in specified:
        assert f"`{argument}`" in text, f"the {hook} section does not explain `{argument}`"


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_tested_by_a_test_that_implements_it(hook):
    modules = []
    for path in TEST_FILES:
        source = path.read_text()
        if re.search(rf"def test_hook_{hook}\b", source):
            modules.append((path, ast.parse(source)))
    assert modules, f"no test function named test_hook_{hook}"
    assert any(hook in registered_hooks(tree) for _path, tree in modules), (
        f"test_hook_{hook} ({', '.join(str(p.relative_to(ROOT)) for p, _ in modules)}) "
        f"registers no implementation of {hook}")


@pytest.mark.parametrize("hook", HOOKS)
def test_hookspec_has_a_one_line_docstring(hook):
    doc = SPECS[hook].__doc__
    assert doc and "\n" not in doc.strip()
