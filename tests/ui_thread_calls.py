"""Finds the calls of the desk's services in ui/ that run on the UI thread (read with ast), and
the calls there that read or write files.

A call counts as background work when it sits in a function handed to ui/tasks.py's
run_in_background, or to a function or class that hands one of its parameters on to it (found
here, so FormDialog.save_in_background, LatestRead.start and the like need no list), or in a
function only ever called from such work. Names are resolved as Python does: a function's own
names, then the enclosing ones', then the module's; `self.x` is one name per class. Used by
tests/test_architecture.py.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

SERVICES_NAMES = {"services", "_services"}
# helper name -> (position after self, keyword) of the function it runs in the background
BACKGROUND_HELPERS = {
    "run_in_background": (1, "fn"),
    "in_order": (0, "fn"),
    # ReportView queues its writes (a list ast cannot follow); _next runs each through _run
    "_enqueue": (1, "job"),
}
# Calls that touch files, by the name called: Path's methods that ask the file system, the
# settings file, the project's own file writers and the font files' checks.
FILE_CALLS = {
    *("read_text", "read_bytes", "write_text", "write_bytes", "open", "resolve", "touch"),
    *("is_dir", "is_file", "exists", "stat", "glob", "rglob", "iterdir", "mkdir", "unlink"),
    *("write_json", "load_fonts", "save_fonts", "check_font_file"),
}
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _pairs(node: ast.AST) -> Iterator[tuple[ast.expr, ast.expr]]:
    """(target, value) of an assignment, `a, b = x, y` taken apart."""
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return
    value = node.value
    for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
            yield from zip(target.elts, value.elts, strict=False)
        else:
            yield target, value


def _params(function: ast.AST) -> list[ast.arg]:
    args = function.args  # type: ignore[attr-defined]
    found = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    return found[1:] if found and found[0].arg == "self" else found


class UiThreadCalls:
    """Calls of the desk's services in the modules `sources` (name -> text) outside background
    work; `service_types` name the desk's service classes (a parameter typed so holds one)."""

    def __init__(self, sources: dict[str, str], service_types: set[str]) -> None:
        self.parents: dict[ast.AST, ast.AST] = {}
        self.nodes: list[ast.AST] = []
        self.module_names: dict[ast.AST, str] = {}
        for module, source in sources.items():
            tree = ast.parse(source)
            self.module_names[tree] = module
            for node in ast.walk(tree):
                self.nodes.append(node)
                self.parents.update((child, node) for child in ast.iter_child_nodes(node))
        self.bound = self._bound_names()
        self.classes = [node for node in self.nodes if isinstance(node, ast.ClassDef)]
        self.uses: dict[tuple[ast.AST, str], list[ast.AST]] = {}
        self.assigned: dict[tuple[ast.AST, str], list[ast.expr]] = {}
        self.defined: dict[tuple[ast.AST, str], list[ast.AST]] = {}
        for node in self.nodes:
            loaded = isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Load)
            if loaded and (key := self.key(node)) is not None:
                self.uses.setdefault(key, []).append(node)
            for target, value in _pairs(node):
                if (key := self.key(target)) is not None:
                    self.assigned.setdefault(key, []).append(value)
            if isinstance(node, DEFS) and (key := self._def_key(node)) is not None:
                self.defined.setdefault(key, []).append(node)
        self.service_types = service_types
        self.module_uses: dict[str, list[ast.AST]] = {}
        for (scope, text), found in self.uses.items():
            if isinstance(scope, ast.Module):
                self.module_uses.setdefault(text, []).extend(found)
        self.helpers = dict(BACKGROUND_HELPERS)
        self.background: set[ast.AST] = set()
        self.aliases = self._aliases()
        while True:  # a helper found makes more background work, which shows more helpers
            known = len(self.helpers)
            self._find_helpers()
            self.background = self._background_functions()
            if len(self.helpers) == known:
                break

    # -- names and their scopes --------------------------------------------------------------
    def _enclosing(self, node: ast.AST, kinds: tuple[type, ...]) -> ast.AST | None:
        node = self.parents.get(node)
        while node is not None and not isinstance(node, kinds):
            node = self.parents.get(node)
        return node

    def _module(self, node: ast.AST) -> ast.AST:
        while node in self.parents:
            node = self.parents[node]
        return node

    def _bound_names(self) -> dict[ast.AST, set[str]]:
        bound: dict[ast.AST, set[str]] = {}
        for node in self.nodes:
            if isinstance(node, FUNCTIONS):
                bound.setdefault(node, set()).update(p.arg for p in _params(node))
            if isinstance(node, DEFS):
                scope = self._enclosing(node, FUNCTIONS) or self._module(node)
                bound.setdefault(scope, set()).add(node.name)
            for target, _value in _pairs(node):
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        scope = self._enclosing(node, FUNCTIONS) or self._module(node)
                        bound.setdefault(scope, set()).add(name.id)
        return bound

    def key(self, node: ast.AST) -> tuple[ast.AST, str] | None:
        """What a name or `self.x` stands for: (its scope, its text)."""
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "self":
                owner = self._enclosing(node, (ast.ClassDef,))
                return (owner, f"self.{node.attr}") if owner else None
            return None
        if not isinstance(node, ast.Name):
            return None
        scope = self._enclosing(node, FUNCTIONS)
        while scope is not None:
            if node.id in self.bound.get(scope, ()):
                return scope, node.id
            scope = self._enclosing(scope, FUNCTIONS)
        return self._module(node), node.id

    # -- what hands work to the background --------------------------------------------------
    def _work_argument(self, call: ast.AST) -> ast.expr | None:
        if not isinstance(call, ast.Call):
            return None
        func = call.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in self.helpers:
            return None
        position, keyword = self.helpers[name]
        for given in call.keywords:
            if given.arg == keyword:
                return given.value
        return call.args[position] if len(call.args) > position else None

    def _forwarded(self, node: ast.AST) -> tuple[ast.Name, ast.AST | None] | None:
        """A name handed to a helper as its work, or called inside background work, with the
        function it belongs to; for `self.x`, the parameter of __init__ kept in it."""
        work = self._work_argument(node)
        if isinstance(work, ast.Attribute) and (key := self.key(work)) is not None:
            for value in self.assigned.get(key, []):
                init = self._enclosing(value, FUNCTIONS)
                if isinstance(value, ast.Name) and getattr(init, "name", "") == "__init__":
                    return value, init
        if not isinstance(work, ast.Name) and isinstance(node, ast.Call):
            called_in_background = isinstance(node.func, ast.Name) and self.in_background(node)
            work = node.func if called_in_background else None
        if not isinstance(work, ast.Name):
            return None
        function = self._enclosing(work, FUNCTIONS)
        while isinstance(function, ast.Lambda):
            function = self._enclosing(function, FUNCTIONS)
        return work, function

    def _find_helpers(self) -> None:
        """Functions (and classes, by __init__) that forward a parameter of theirs to a helper."""
        changed = True
        while changed:
            changed = False
            for node in self.nodes:
                forwarded = self._forwarded(node)
                if forwarded is None or not isinstance(forwarded[1], DEFS):
                    continue
                work, function = forwarded
                names = [param.arg for param in _params(function)]
                if work.id not in names or self.key(work) != (function, work.id):
                    continue
                name = function.name
                if name == "__init__":
                    owner = self._enclosing(function, (ast.ClassDef,))
                    name = owner.name if isinstance(owner, ast.ClassDef) else ""
                if name and name not in self.helpers:
                    self.helpers[name] = (names.index(work.id), work.id)
                    changed = True

    # -- the services and the names they are held by -----------------------------------------
    def is_service(self, node: ast.expr) -> bool:
        """`services.x`, `self._services.x`, or a name bound to one."""
        if isinstance(node, ast.Attribute):
            holder = node.value
            name = holder.id if isinstance(holder, ast.Name) else getattr(holder, "attr", None)
            if name in SERVICES_NAMES:
                return True
        return self.key(node) in self.aliases

    def _aliases(self) -> set[tuple[ast.AST, str]]:
        self.aliases: set[tuple[ast.AST, str]] = set()
        for node in self.nodes:  # parameters typed as a service (a model handed one)
            if isinstance(node, FUNCTIONS):
                for param in _params(node):
                    text = ast.unparse(param.annotation) if param.annotation else ""
                    if text.split(".")[-1].strip("'\"") in self.service_types:
                        self.aliases.add((node, param.arg))
        changed = True
        while changed:
            changed = False
            for node in self.nodes:
                for target, value in _pairs(node):
                    key = self.key(target)
                    if key and key not in self.aliases and self.is_service(value):
                        self.aliases.add(key)
                        changed = True
        return self.aliases

    def service_calls(self) -> Iterator[ast.Call]:
        for node in self.nodes:
            func = node.func if isinstance(node, ast.Call) else None
            if isinstance(func, ast.Attribute) and self.is_service(func.value):
                yield node

    # -- which functions run in the background -----------------------------------------------
    def _definitions(self, reference: ast.AST) -> list[ast.AST]:
        """The functions an expression stands for: a lambda, the defs and lambdas bound to a
        name, what a factory called to make it returns, the function a partial wraps."""
        if isinstance(reference, FUNCTIONS):
            return [reference]
        if isinstance(reference, ast.Call):
            if ast.unparse(reference.func).endswith("partial") and reference.args:
                return self._definitions(reference.args[0])
            return []
        key = self.key(reference)
        if key is None:
            return []
        found = list(self.defined.get(key, []))
        for value in self.assigned.get(key, []):
            if value is not reference:
                found.extend(self._made_by(value))
        return found

    def _def_key(self, function: ast.AST) -> tuple[ast.AST, str] | None:
        scope = self._enclosing(function, (*FUNCTIONS, ast.ClassDef))
        name = function.name  # type: ignore[attr-defined]
        if isinstance(scope, ast.ClassDef):
            return scope, f"self.{name}"
        return (scope or self._module(function)), name

    def _made_by(self, value: ast.expr) -> list[ast.AST]:
        if isinstance(value, FUNCTIONS):
            return [value]
        made: list[ast.AST] = []
        if isinstance(value, ast.Call):  # a factory: the functions it returns
            for factory in self._definitions(value.func):
                for node in ast.walk(factory):
                    returned = isinstance(node, ast.Return) and node.value is not None
                    if returned and self._enclosing(node, FUNCTIONS) is factory:
                        made.extend(self._definitions(node.value))
        return made

    def _background_functions(self) -> set[ast.AST]:
        """Work handed to a helper, and functions only ever called from such work."""
        found: set[ast.AST] = set()
        for node in self.nodes:
            if (work := self._work_argument(node)) is not None:
                found.update(self._definitions(work))
        changed = True
        while changed:
            changed = False
            for node in self.nodes:
                unknown = isinstance(node, DEFS) and node not in found
                if unknown and self._only_called_from(node, found):
                    found.add(node)
                    changed = True
            for key, values in self.assigned.items():  # a lambda or a factory's product
                made = {f for value in values for f in self._made_by(value)} - found
                if made and self._calls_only_in(self.uses.get(key, []), found):
                    found |= made
                    changed = True
        return found

    def _only_called_from(self, function: ast.AST, background: set[ast.AST]) -> bool:
        """Whether the function is called, only ever inside background work, and not handed
        around otherwise (a module-level function by its name in any module)."""
        key = self._def_key(function)
        name = function.name  # type: ignore[attr-defined]
        top_level = key is not None and isinstance(key[0], ast.Module)
        if key is None:
            return False
        if top_level:  # imported by other modules under the same name
            uses = self.module_uses.get(name, [])
        else:
            uses = list(self.uses.get(key, []))
            if isinstance(key[0], ast.ClassDef):  # also called as self.m in a base class
                for base in self.bases(key[0]):
                    uses += self.uses.get((base, key[1]), [])
        return self._calls_only_in(uses, background)

    def bases(self, owner: ast.ClassDef) -> list[ast.ClassDef]:
        names = {ast.unparse(base).split(".")[-1] for base in owner.bases}
        return [node for node in self.classes if node.name in names]

    def _calls_only_in(self, uses: list[ast.AST], background: set[ast.AST]) -> bool:
        """Whether the uses are calls (at least one), each inside background work."""
        calls = [use for use in uses if getattr(self.parents.get(use), "func", None) is use]
        if not calls or len(calls) != len(uses):
            return False
        return all(self.in_background(call, background) for call in calls)

    def in_background(self, node: ast.AST, background: set[ast.AST] | None = None) -> bool:
        background = self.background if background is None else background
        function = self._enclosing(node, FUNCTIONS)
        while function is not None:
            if function in background:
                return True
            function = self._enclosing(function, FUNCTIONS)
        return False

    def on_ui_thread(self) -> Iterator[tuple[str, int, str]]:
        """(module, line, call) of each service call outside background work."""
        for call in self.service_calls():
            if not self.in_background(call):
                yield self.module_names[self._module(call)], call.lineno, ast.unparse(call)

    def file_calls(self) -> Iterator[ast.Call]:
        """Calls that read or write files: FILE_CALLS, `Settings.load(…)` and a settings object's
        `.save(…settings_file)`."""
        for node in self.nodes:
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            settings = isinstance(func, ast.Attribute) and (
                (name == "load" and ast.unparse(func.value) == "Settings")
                or (name == "save" and any("settings_file" in ast.unparse(a) for a in node.args))
            )
            if name in FILE_CALLS or settings:
                yield node

    def file_work_on_ui_thread(self) -> Iterator[tuple[str, int, str, str]]:
        """(module, line, name called, call) of each file call outside background work."""
        for call in self.file_calls():
            if not self.in_background(call):
                func = call.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                module = self.module_names[self._module(call)]
                yield module, call.lineno, name, ast.unparse(call)
