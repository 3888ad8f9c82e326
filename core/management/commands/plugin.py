"""`essaim plugin new NAME [--with-signups]`: scaffold a pip-installable plugin package.

``--with-signups`` lays the sign-up kit's shape over the plain package: an event page
people sign up for (a BookablePage), its migration, URLs, search document, home-page
section, demo content and tests of the whole sign-up path."""

import keyword
import re
from importlib.metadata import entry_points
from pathlib import Path
from string import Template

from django.apps import apps
from django.core.management.base import CommandError

from core import __version__
from core.management.base import EssaimCommand
from core.plugin_manager import ENTRY_POINT_GROUP

NAME_RE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
TEMPLATE_SUFFIX = ".tmpl"
# Files of the plain scaffold the sign-ups one has no use for.
NOT_WITH_SIGNUPS = {Path("package/templates/app_label/home_section.html")}


def essaim_requires(version: str) -> str:
    """The range a new plugin supports: this minor version up to the next major one."""
    major, minor = (int(part) for part in version.split(".")[:2])
    return f">={major}.{minor},<{major + 1}"


class Command(EssaimCommand):
    help = "Manage Essaim plugins; `new NAME` writes a plugin package to start from."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True,
                                            metavar="SUBCOMMAND")
        new = subcommands.add_parser("new", help="Scaffold a pip-installable plugin package.")
        new.add_argument("name", metavar="NAME",
                         help="Plugin name: lowercase letters, digits and underscores, "
                              "e.g. budget_vote.")
        new.add_argument("--directory", default=".",
                         help="Where to create the package (default: current directory).")
        new.add_argument("--with-signups", action="store_true",
                         help="Start from an event page people sign up for (the sign-up kit).")

    def handle(self, *args, subcommand, **options):
        if subcommand == "new":
            self.new(options["name"], Path(options["directory"]), options["with_signups"])

    def new(self, name: str, directory: Path, with_signups=False):
        self.check_name(name)
        distribution = f"essaim-{name.replace('_', '-')}"
        if not directory.is_dir():
            raise CommandError(f"Directory {str(directory)!r} does not exist.")
        target = directory / distribution
        if target.exists():
            raise CommandError(f"{str(target)!r} already exists; it was left untouched.")

        context = {
            "name": name,
            "slug": name.replace("_", "-"),
            "package": f"essaim_{name}",
            "distribution": distribution,
            "title": name.replace("_", " ").capitalize(),
            "config_class": "".join(part.capitalize() for part in name.split("_")) + "Config",
            "essaim_requires": essaim_requires(__version__),
        }
        # Directories of the scaffold named after a placeholder take its value.
        renames = {"package": context["package"], "app_label": name}
        core = Path(apps.get_app_config("core").path)
        files = self.templates(core / "scaffold")
        if with_signups:
            files = {relative: source for relative, source in files.items()
                     if relative not in NOT_WITH_SIGNUPS}
            files.update(self.templates(core / "scaffold_signups"))
        for relative, source in sorted(files.items()):
            destination = target.joinpath(*(renames.get(part, part) for part in relative.parts))
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(Template(source.read_text()).substitute(context))

        self.stdout.write(self.style.SUCCESS(f"Created {target}"))
        self.stdout.write(
            "Next steps:\n"
            f"  pip install -e {target}\n"
            f"  essaim plugins               # lists {name!r}\n"
            + ("  essaim migrate && essaim demo  # creates a demo event people sign up for\n"
               if with_signups else "")
            + f"  pytest {target / 'tests'}"
        )

    @staticmethod
    def templates(scaffold: Path) -> dict:
        """{path in the package (without .tmpl): template file} of one scaffold."""
        return {source.relative_to(scaffold).with_suffix(""): source
                for source in scaffold.rglob(f"*{TEMPLATE_SUFFIX}")}

    @staticmethod
    def check_name(name: str):
        if not NAME_RE.fullmatch(name) or keyword.iskeyword(name):
            raise CommandError(
                f"Invalid plugin name {name!r}: use lowercase letters, digits and single "
                "underscores, starting with a letter (e.g. budget_vote)."
            )
        if entry_points(group=ENTRY_POINT_GROUP, name=name):
            raise CommandError(f"A plugin named {name!r} is already installed; choose another "
                               "name.")
