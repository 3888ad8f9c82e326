"""Plugin discovery and the pluggy manager.

Plugins are found through the ``essaim.plugins`` entry-point group, the
built-in ones included. This module runs while Django settings are computed,
so it must not import Django models.
"""

from __future__ import annotations

import importlib
import inspect
import os
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from core import hookspecs

ENTRY_POINT_GROUP = "essaim.plugins"
BUILT_IN_DISTRIBUTION = "essaim"


class PluginError(Exception):
    """A plugin cannot be loaded; the message names it."""


@dataclass(frozen=True)
class PluginInfo:
    name: str
    module: str
    version: str
    origin: str  # "built-in" or "entry point"
    distribution: str
    requires: str
    enabled: bool
    reason: str


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


def essaim_version() -> str:
    from core import __version__

    return __version__


class EssaimPluginManager(pluggy.PluginManager):
    def __init__(self, allow_list=None, deny_list=None):
        super().__init__("essaim")
        self.add_hookspecs(hookspecs)
        self.allow_list = list(allow_list) if allow_list is not None else None
        self.deny_list = list(deny_list or [])
        self.infos: list[PluginInfo] = []

    # --- discovery -----------------------------------------------------------

    def discover(self, eps: list[EntryPoint] | None = None):
        eps = list(entry_points(group=ENTRY_POINT_GROUP) if eps is None else eps)
        known = {ep.name for ep in eps}
        for option, names in (("ESSAIM_PLUGINS", self.allow_list or []),
                              ("ESSAIM_DISABLED_PLUGINS", self.deny_list)):
            unknown = sorted(set(names) - known)
            if unknown:
                raise PluginError(
                    f"{option} names unknown plugin(s): {', '.join(unknown)}. "
                    f"Installed plugins: {', '.join(sorted(known)) or 'none'}."
                )
        # pluggy calls the last registered first: registering in reverse name order
        # makes every hook answer in plugin-name order, whatever the install order.
        for ep in sorted(eps, key=lambda e: e.name, reverse=True):
            self._load(ep)
        self.infos.sort(key=lambda info: info.name)
        return self

    def _load(self, ep: EntryPoint):
        dist = getattr(ep, "dist", None)
        dist_name = dist.name if dist is not None else "?"
        origin = "built-in" if dist_name == BUILT_IN_DISTRIBUTION else "entry point"
        version = dist.version if dist is not None else "?"
        if self.allow_list is not None and ep.name not in self.allow_list:
            enabled, reason = False, "not listed in ESSAIM_PLUGINS"
        elif ep.name in self.deny_list:
            enabled, reason = False, "listed in ESSAIM_DISABLED_PLUGINS"
        else:
            enabled, reason = True, "enabled"
        requires = ""
        if enabled:
            try:
                module = importlib.import_module(ep.value)
            except Exception as exc:  # any import failure stops start-up, naming the plugin
                raise PluginError(
                    f"Plugin {ep.name!r} ({dist_name} {version}) could not be imported "
                    f"from {ep.value!r}: {exc}"
                ) from exc
            requires = self._check_compatibility(ep.name, module)
            # A plugin may specify hooks of its own (its events, its extension points):
            # a ``hookspecs`` module beside its plugin module, imported by it.
            specs = getattr(module, "hookspecs", None)
            if inspect.ismodule(specs):
                self.add_hookspecs(specs)
            self.register(module, name=ep.name)
        self.infos.append(PluginInfo(ep.name, ep.value, version, origin, dist_name,
                                     requires, enabled, reason))

    @staticmethod
    def _check_compatibility(name: str, module) -> str:
        requires = getattr(module, "ESSAIM_REQUIRES", None)
        if not requires:
            raise PluginError(
                f"Plugin {name!r} does not declare the Essaim versions it supports: "
                f"set ESSAIM_REQUIRES = \">=0.1,<1\" in {module.__name__}."
            )
        try:
            spec = SpecifierSet(requires)
        except InvalidSpecifier as exc:
            raise PluginError(
                f"Plugin {name!r} has an invalid ESSAIM_REQUIRES {requires!r}.") from exc
        current = essaim_version()
        if Version(current) not in spec:
            raise PluginError(
                f"Plugin {name!r} supports Essaim {requires} but Essaim {current} is installed: "
                f"upgrade the plugin, or disable it with ESSAIM_DISABLED_PLUGINS={name}."
            )
        return requires

    def hookspecs(self) -> dict:
        """{hook name: its specification function}, core's and the plugins' own."""
        return {name: caller.spec.function for name, caller in vars(self.hook).items()
                if getattr(caller, "spec", None) is not None}

    # --- start-up contributions ------------------------------------------------

    def installed_apps(self) -> list[str]:
        apps: list[str] = []
        for contributed in self.hook.installed_apps():
            apps.extend(app for app in contributed if app not in apps)
        return apps

    def _merged(self, hook_name: str) -> dict:
        merged: dict = {}
        owners: dict = {}
        hook = getattr(self.hook, hook_name)
        for impl in reversed(hook.get_hookimpls()):  # plugin-name order
            contributed = impl.function() or {}
            for key, value in contributed.items():
                if key in merged:
                    raise PluginError(
                        f"Plugins {owners[key]!r} and {impl.plugin_name!r} both define "
                        f"{key!r} in {hook_name}."
                    )
                merged[key], owners[key] = value, impl.plugin_name
        return merged

    def settings_defaults(self) -> dict:
        return self._merged("settings_defaults")

    def beat_schedule(self) -> dict:
        return self._merged("beat_schedule")


@cache
def get_plugin_manager() -> EssaimPluginManager:
    """The process-wide manager, configured from the environment."""
    manager = EssaimPluginManager(
        allow_list=_split(os.environ.get("ESSAIM_PLUGINS")),
        deny_list=_split(os.environ.get("ESSAIM_DISABLED_PLUGINS")),
    )
    return manager.discover()
