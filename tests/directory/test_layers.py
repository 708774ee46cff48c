"""directory/ is two layers (README, "Layout"): its bottom is what services and events build
on, its top sees every app. Read from the source, imports inside functions included."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ("directory", "services", "events")
# directory's top layer; every other module of directory is the bottom.
TOP = (
    "directory.urls",
    "directory.public_urls",
    "directory.views",
    "directory.sitemaps",
    # The demo and synthetic data fill every app's tables.
    "directory.demo",
    "directory.demo_data",
    "directory.demo_accounts",
    "directory.management.commands.load_demo",
    "directory.management.commands.generate_synthetic",
)
TOP_PACKAGES = ("directory.admin", "directory.planning", "directory.synthetic")


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(settings.BASE_DIR).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules) -> set[str]:
    """Our modules that ``name`` imports, anywhere in it: the longest known prefix of each
    target, and the packages Python runs on the way (outside ``name``'s own)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    found = set()
    for target in targets:
        parts = target.split(".")
        for end in range(len(parts), 0, -1):
            prefix = ".".join(parts[:end])
            if prefix in modules and prefix != name and not name.startswith(prefix + "."):
                found.add(prefix)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _is_bottom(name: str) -> bool:
    top = name in TOP or any(name == p or name.startswith(p + ".") for p in TOP_PACKAGES)
    return name.split(".")[0] == "directory" and not top


def test_directory_bottom_imports_neither_services_events_nor_directory_top():
    graph = _graph()
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in graph.items()
        if _is_bottom(name)
        for target in targets
        if not _is_bottom(target)
    )
    assert upward == []


def test_no_module_imports_itself_through_others():
    graph = _graph()
    circles = []
    state: dict[str, str] = {}  # "open" while on the path, "done" after

    def visit(name, path):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def _level(name: str) -> int:
    """directory's bottom, services, events (an event names services), directory's top."""
    app = name.split(".")[0]
    if app == "directory":
        return 0 if _is_bottom(name) else 3
    return {"services": 1, "events": 2}[app]


# The apps' admin and staff pages (the capacity form) go through directory's admin scoping
# (``directory.admin.mixins`` and ``scope``), which decides for the models of every app and so
# sits above them all. The one way up that is allowed.
ADMIN_MODULES = (
    "services.admin",
    "services.review_admin",
    "services.capacity_views",
    "events.admin",
)


def test_the_apps_build_on_each_other_in_one_direction():
    graph = _graph()
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in graph.items()
        for target in targets
        if _level(target) > _level(name)
        and not (name in ADMIN_MODULES and target.startswith("directory.admin"))
    )
    assert upward == []
