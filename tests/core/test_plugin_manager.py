"""Discovery, enabling and compatibility of plugins."""

import sys
import types
from importlib.metadata import EntryPoint

import pytest

from core.hookspecs import hookimpl
from core.plugin_manager import EssaimPluginManager, PluginError, get_plugin_manager

BUILT_INS = {"practice_library", "charters", "trainings", "visits"}


def make_module(name, requires=">=0.1,<1", **hooks):
    module = types.ModuleType(name)
    if requires is not None:
        module.ESSAIM_REQUIRES = requires
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    sys.modules[name] = module
    return module


@pytest.fixture
def throwaway_modules():
    names = []

    def factory(name, **kwargs):
        names.append(name)
        return make_module(name, **kwargs)

    yield factory
    for name in names:
        sys.modules.pop(name, None)


def entry_point(name, module):
    return EntryPoint(name=name, value=module, group="essaim.plugins")


class TestDiscovery:
    def test_built_in_plugins_are_registered_through_entry_points(self):
        infos = {info.name: info for info in get_plugin_manager().infos}
        assert BUILT_INS <= set(infos)
        for name in BUILT_INS:
            assert infos[name].origin == "built-in"
            assert infos[name].distribution == "essaim"
            assert infos[name].enabled

    def test_built_in_apps_are_installed(self, settings):
        for name in BUILT_INS:
            assert f"plugins.{name}" in settings.INSTALLED_APPS

    def test_a_third_party_entry_point_is_discovered(self, throwaway_modules):
        throwaway_modules("city_plugin", installed_apps=lambda: ["city_plugin"])
        manager = EssaimPluginManager().discover([entry_point("city", "city_plugin")])
        (info,) = manager.infos
        assert (info.name, info.origin, info.enabled) == ("city", "entry point", True)
        assert manager.installed_apps() == ["city_plugin"]

    def test_hooks_answer_in_plugin_name_order(self, throwaway_modules):
        throwaway_modules("zeta_plugin", installed_apps=lambda: ["zeta"])
        throwaway_modules("alpha_plugin", installed_apps=lambda: ["alpha"])
        manager = EssaimPluginManager().discover(
            [entry_point("zeta", "zeta_plugin"), entry_point("alpha", "alpha_plugin")])
        assert manager.installed_apps() == ["alpha", "zeta"]
        assert [info.name for info in manager.infos] == ["alpha", "zeta"]


class TestEnabling:
    def test_disabled_plugin_is_listed_but_not_loaded(self, throwaway_modules):
        throwaway_modules("quiet_plugin", installed_apps=lambda: ["quiet"])
        manager = EssaimPluginManager(deny_list=["quiet"]).discover(
            [entry_point("quiet", "quiet_plugin")])
        (info,) = manager.infos
        assert not info.enabled and "ESSAIM_DISABLED_PLUGINS" in info.reason
        assert manager.installed_apps() == []

    def test_allow_list_keeps_only_listed_plugins(self, throwaway_modules):
        throwaway_modules("one_plugin", installed_apps=lambda: ["one"])
        throwaway_modules("two_plugin", installed_apps=lambda: ["two"])
        manager = EssaimPluginManager(allow_list=["two"]).discover(
            [entry_point("one", "one_plugin"), entry_point("two", "two_plugin")])
        assert manager.installed_apps() == ["two"]
        one = next(info for info in manager.infos if info.name == "one")
        assert one.reason == "not listed in ESSAIM_PLUGINS"

    def test_unknown_plugin_name_in_a_list_is_refused(self):
        with pytest.raises(PluginError, match="ESSAIM_DISABLED_PLUGINS names unknown.*typo"):
            EssaimPluginManager(deny_list=["typo"]).discover([])

    def test_disabled_plugin_is_not_even_imported(self):
        manager = EssaimPluginManager(deny_list=["broken"]).discover(
            [entry_point("broken", "module_that_does_not_exist")])
        assert not manager.infos[0].enabled


class TestCompatibility:
    def test_incompatible_plugin_stops_start_up_naming_it(self, throwaway_modules):
        throwaway_modules("old_plugin", requires=">=0.0.1,<0.1")
        with pytest.raises(PluginError, match="'old'.*supports Essaim >=0.0.1,<0.1"):
            EssaimPluginManager().discover([entry_point("old", "old_plugin")])

    def test_plugin_without_declared_range_is_refused(self, throwaway_modules):
        throwaway_modules("vague_plugin", requires=None)
        with pytest.raises(PluginError, match="'vague' does not declare"):
            EssaimPluginManager().discover([entry_point("vague", "vague_plugin")])

    def test_plugin_failing_to_import_is_named(self):
        with pytest.raises(PluginError, match="'ghost'.*could not be imported"):
            EssaimPluginManager().discover([entry_point("ghost", "no_such_module_here")])

    def test_start_up_fails_with_the_message(self, tmp_path):
        """`essaim` itself stops with the plugin's name when the environment is wrong."""
        import subprocess

        result = subprocess.run(
            [sys.executable, "-c", "from core.cli import main; raise SystemExit(main())",
             "plugins"],
            env={"PATH": "/usr/bin:/bin", "ESSAIM_DISABLED_PLUGINS": "nope",
                 "ESSAIM_VAR_DIR": str(tmp_path)},
            capture_output=True, text=True, check=False,
        )
        assert result.returncode == 2
        assert "essaim: ESSAIM_DISABLED_PLUGINS names unknown plugin(s): nope" in result.stderr


class TestMergedContributions:
    def test_two_plugins_defining_the_same_setting_is_an_error(self, throwaway_modules):
        throwaway_modules("a_plugin", settings_defaults=lambda: {"X": 1})
        throwaway_modules("b_plugin", settings_defaults=lambda: {"X": 2})
        manager = EssaimPluginManager().discover(
            [entry_point("a", "a_plugin"), entry_point("b", "b_plugin")])
        with pytest.raises(PluginError, match="'a' and 'b' both define 'X'"):
            manager.settings_defaults()


def test_every_plugin_url_is_named_in_its_app_namespace():
    """URL names follow one convention: ``<app label>:<name>`` (``visits:sign_up``,
    ``charters:compare``), each plugin declaring its routes in its apps' namespaces."""
    from django.apps import apps
    from django.urls import URLPattern, URLResolver

    def named(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from named(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace, pattern.name

    manager = get_plugin_manager()
    outside = []
    for impl in manager.hook.urlpatterns.get_hookimpls():
        plugin = manager.get_plugin(impl.plugin_name)
        labels = {config.label for config in apps.get_app_configs()
                  if config.name in plugin.installed_apps()}
        outside += [f"{impl.plugin_name}: {namespace}:{name}"
                    for namespace, name in named(impl.function() or []) if namespace not in labels]
    assert outside == []
