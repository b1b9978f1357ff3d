"""The shape of the code that the docs promise (docs/decisions/0005-one-web-layer.md): no view
module imports another app's views, and fund pages get their fund in one place."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "audit", "web", "agreements", "budget", "forum", "reports", "api"]


def _view_modules() -> list[Path]:
    return [path for app in APPS for path in (ROOT / app).glob("*views.py")]


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_no_view_module_imports_another_apps_views():
    offending = []
    for path in _view_modules():
        app = path.parent.name
        for module in _imported_modules(path):
            parts = module.split(".")
            if parts[0] in APPS and parts[0] != app and any(p.endswith("views")
                                                             for p in parts[1:]):
                offending.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offending == []


def test_every_fund_view_gets_its_fund_from_the_web_layer():
    # The old helpers (three "fund or 404"s) are gone; views ask web.access.
    for path in _view_modules():
        text = path.read_text()
        assert "agreement_or_404" not in text and "def fund_or_404" not in text, path
