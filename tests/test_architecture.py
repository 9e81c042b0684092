"""Import rules that keep the layers apart, checked by reading every module's imports with ast.

Arrows point inward: ui → services → db/export → domain. Qt lives only in ui/, SQLAlchemy never
reaches ui/, domain/ is plain Python, exporters get data and never read the database or Qt state.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_app"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module named by an import statement anywhere in `source` (also inside functions)."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing package
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


MODULES = {
    module_name(path): imports_of(
        path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py"
    )
    for path in sorted(PACKAGE.rglob("*.py"))
}


def offenders(layer: str, *forbidden: str, exempt: str | None = None) -> dict[str, list[str]]:
    """Modules in `layer` (a dotted prefix) that import anything under one of the `forbidden` prefixes."""
    result = {}
    for module, names in MODULES.items():
        in_layer = module == layer or module.startswith(f"{layer}.")
        if not in_layer or (exempt and (module == exempt or module.startswith(f"{exempt}."))):
            continue
        bad = sorted(n for n in names if any(n == f or n.startswith(f"{f}.") for f in forbidden))
        if bad:
            result[module] = bad
    return result


def test_the_walker_sees_every_kind_of_import():
    source = (
        "import a.b\nfrom c import d\nfrom . import sibling\nfrom ..db import models\n"
        "def f():\n    from PySide6.QtWidgets import QWidget\n"
    )
    found = imports_of(source, "desktop_app.ui.models.table")
    assert {
        "a.b",
        "c",
        "c.d",
        "desktop_app.ui.models.sibling",
        "desktop_app.ui.db.models",
        "PySide6.QtWidgets.QWidget",
    } <= found
    assert "desktop_app.ui.sibling" in imports_of(
        "from . import sibling", "desktop_app.ui", is_package=True
    )
    assert offenders(
        "desktop_app.cli", "desktop_app.cli.chinese_argparse"
    )  # a known import is found


def test_modules_were_found():
    assert {"desktop_app.app", "desktop_app.domain.identifiers", "desktop_app.db.engine"} <= set(
        MODULES
    )


def test_only_ui_imports_qt():
    assert offenders("desktop_app", "PySide6", "shiboken6", exempt="desktop_app.ui") == {}


def test_ui_never_imports_sqlalchemy_or_orm_rows():
    assert (
        offenders(
            "desktop_app.ui",
            "sqlalchemy",
            "alembic",
            "desktop_app.db.models",
            "desktop_app.db.models_requests",
            "desktop_app.db.engine",
        )
        == {}
    )


def test_domain_is_plain_python():
    assert (
        offenders(
            "desktop_app.domain",
            "PySide6",
            "sqlalchemy",
            "alembic",
            "desktop_app.db",
            "desktop_app.ui",
            "desktop_app.services",
            "desktop_app.export",
            "desktop_app.cli",
            "desktop_app.app",
        )
        == {}
    )


def test_exporters_get_data_and_write_files():
    assert (
        offenders(
            "desktop_app.export",
            "sqlalchemy",
            "desktop_app.db",
            "desktop_app.ui",
            "desktop_app.services",
            "desktop_app.app",
        )
        == {}
    )


@pytest.mark.parametrize("layer", ["desktop_app.db", "desktop_app.services"])
def test_inner_layers_do_not_reach_outward(layer):
    assert offenders(layer, "desktop_app.ui", "desktop_app.cli") == {}


def test_file_dialogs_come_from_one_module():
    # Qt's own dialog reads the files it lists, which drops SQLite's locks on Linux
    # (ui/file_dialogs.py says how); every dialog is built there.
    users = sorted(
        module_name(path)
        for path in (PACKAGE / "ui").rglob("*.py")
        if "QFileDialog" in path.read_text(encoding="utf-8") and path.name != "file_dialogs.py"
    )
    assert users == []


def test_ui_reaches_data_and_files_only_through_services():
    assert offenders("desktop_app.ui", "desktop_app.db", "desktop_app.export") == {}


def test_services_are_built_by_app_and_never_import_it():
    assert offenders("desktop_app.services", "desktop_app.app") == {}


FILE_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open"}


def file_io_calls(source: str) -> list[str]:
    """Calls that read or write files: open(…), io/os.open(…), and Path's read_*/write_*/open."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"open() line {node.lineno}")
        elif isinstance(func, ast.Attribute) and func.attr in FILE_METHODS:
            found.append(f".{func.attr}() line {node.lineno}")
    return found


def test_the_file_io_finder_sees_each_kind_of_call():
    source = (
        "with open('a') as f: pass\nPath('b').read_text()\np.write_bytes(b'')\n"
        "os.open('c', 0)\nresources.files('x').joinpath('y').read_bytes()\nlen('d')\n"
    )
    assert len(file_io_calls(source)) == 5


def test_domain_reads_and_writes_no_files():
    found = {
        module_name(path): calls
        for path in sorted((PACKAGE / "domain").rglob("*.py"))
        if (calls := file_io_calls(path.read_text(encoding="utf-8")))
    }
    assert found == {}
    # nor through the project's own file writers
    assert offenders("desktop_app.domain", "desktop_app.jsonfile", "desktop_app.staged") == {}


# The forms another branch is moving onto typed services (drafts); the integrator empties this
# list once both branches are in. Nothing else may reach a repository through the services.
SERVICES_NAMES = {"services", "_services"}  # what the UI calls the object it is handed


def services_members_used(source: str) -> set[str]:
    """Every `services.x` / `self._services.x` / `view.services.x` attribute used in `source`."""
    used = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            holder = node.value
            name = holder.id if isinstance(holder, ast.Name) else getattr(holder, "attr", None)
            if name in SERVICES_NAMES:
                used.add(node.attr)
    return used


def desk_members() -> set[str]:
    from desktop_app.services.desk import Desk

    return {name for name in [*Desk.__annotations__, *vars(Desk)] if not name.startswith("_")}


def test_the_services_finder_sees_each_way_of_holding_them():
    source = (
        "services.a\nself.services.b()\nself._services.c.d\nview.services.e\nother.f\n"
        "def g(services): return services.h\n"
    )
    assert services_members_used(source) == {"a", "b", "c", "e", "h"}


def test_the_desk_names_typed_services_and_no_repository():
    members = desk_members()
    assert {"annual_reports", "register", "categories", "paths", "close"} <= members
    assert not members & {"db", "agencies", "catalog", "requests", "reports", "letters", "users"}


def test_ui_reaches_data_only_through_the_desk():
    allowed = desk_members()
    found = {
        module_name(path): sorted(used - allowed)
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if (used := services_members_used(path.read_text(encoding="utf-8"))) - allowed
    }
    assert found == {}


def test_the_services_built_are_a_desk(tmp_path):
    from desktop_app.app import open_services
    from desktop_app.services.desk import Desk

    services = open_services(str(tmp_path / "desk.sqlite3"), tmp_path / "data")
    try:
        assert isinstance(services, Desk)
        assert services.database_url.endswith("desk.sqlite3")
    finally:
        services.close()


# Calls proven to touch neither the database nor a file: (module, method) → why.
MEMORY_ONLY = {
    ("desktop_app.ui.auto_backup", "watch_changes"): "hooks a listener on the engine, no query",
    ("desktop_app.ui.backup_settings", "default_folder"): "a path under the data folder",
}
# Work on the UI thread on purpose: (module, method) → why.
ON_PURPOSE = {
    ("desktop_app.ui.auto_backup", "back_up_automatically"): (
        "the backup at quit (AutoBackup.at_close): the window is gone, the process waits for it"
    ),
}


_DRAFTS = (
    "crash-recovery drafts of a few KB in the local data folder: listed and read in the "
    "background at start (a method handed over by reference, which this finder cannot follow) "
    "and read as their form opens, before anyone can type into it"
)
# File work on the UI thread on purpose: (module, name called) → why. Anything a user chose or
# that may be on a network drive (export folders, settings, certificates, fonts) is not here.
FILES_ON_PURPOSE = {
    ("desktop_app.ui.auto_backup", "load"): "the settings of the backup at quit (see ON_PURPOSE)",
    ("desktop_app.ui.launch", "resolve"): "before any window: the data folder, for the crash log",
    ("desktop_app.ui.manual", "read_text"): "the manual, shipped inside the program's folder",
    **{("desktop_app.ui.recovery", name): _DRAFTS for name in ("read_text", "glob", "stat")},
}


def service_types() -> set[str]:
    """The class names of the desk's services, as its annotations spell them."""
    from desktop_app.services.desk import Desk

    found = {str(kind) for kind in Desk.__annotations__.values()}
    found |= {
        member.fget.__annotations__["return"]
        for member in vars(Desk).values()
        if isinstance(member, property)
    }
    return {kind for kind in found if kind.endswith(("Service", "Trail", "Data", "Transfer"))}


def ui_thread_calls(sources: dict[str, str]) -> list[tuple[str, int, str]]:
    from tests.ui_thread_calls import UiThreadCalls

    return sorted(UiThreadCalls(sources, service_types()).on_ui_thread())


def test_the_ui_thread_finder_tells_background_work_from_the_rest():
    source = """
class View:
    def __init__(self, services, read_later):
        self.reports = services.annual_reports
        self.on_screen = services.register.get(1)
        self._later = read_later
        tasks.run_in_background(self, self._later, self.shown, self.failed)

    def open(self, services):
        data = services.register_data
        tasks.run_in_background(self, lambda: data.load(), lambda v: data.show(v), print)
        self.save_in_background(lambda waiting: services.register.save(waiting))

    def save_in_background(self, write):
        tasks.run_in_background(self, write, print, print)

    def refresh(self):
        tasks.run_in_background(self, self._read, print, print)
        self.reports.checked(2)

    def _read(self):
        return self.reports.current(1)

    def also_read(self):
        return self.reports.history(1)

def build(services):
    return View(services, lambda: services.settings.agency())
"""
    found = ui_thread_calls({"view": source})
    assert [(line, call.split("(")[0]) for _module, line, call in found] == [
        (5, "services.register.get"),
        (11, "data.show"),
        (19, "self.reports.checked"),
        (25, "self.reports.history"),
    ]


def ui_sources() -> dict[str, str]:
    """Every module of ui/ by name, as text."""
    return {
        module_name(path): path.read_text(encoding="utf-8")
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
    }


def test_ui_thread_calls_no_service_but_memory_only_ones():
    found = {
        (module, call.split("(")[0].rpartition(".")[2]): f"line {line}: {call}"
        for module, line, call in ui_thread_calls(ui_sources())
    }
    allowed = MEMORY_ONLY.keys() | ON_PURPOSE.keys()
    assert {place: call for place, call in found.items() if place not in allowed} == {}
    assert allowed - found.keys() == set()  # an entry no longer needed goes


def test_the_file_work_finder_sees_settings_paths_and_writers():
    from tests.ui_thread_calls import UiThreadCalls

    source = """
def export(window, settings_file, path):
    settings = Settings.load(settings_file)
    settings.save(settings_file)
    tasks.run_in_background(window, lambda: Path(path).is_dir(), print, print)
    write_json(path, {})
    return Path(path).name
"""
    found = UiThreadCalls({"view": source}, set()).file_work_on_ui_thread()
    assert [(line, name) for _module, line, name, _call in sorted(found)] == [
        (3, "load"),
        (4, "save"),
        (6, "write_json"),
    ]


def test_ui_thread_does_no_file_work_but_the_listed():
    from tests.ui_thread_calls import UiThreadCalls

    finder = UiThreadCalls(ui_sources(), set())
    found = {
        (module, name): f"line {line}: {call}"
        for module, line, name, call in finder.file_work_on_ui_thread()
    }
    assert {place: call for place, call in found.items() if place not in FILES_ON_PURPOSE} == {}
    assert FILES_ON_PURPOSE.keys() - found.keys() == set()  # an entry no longer needed goes
