"""Guards of the repository layout: platform/ must never shadow the standard library."""

import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_stdlib_platform_is_not_shadowed_under_pytest():
    assert platform.system() == "Linux"
    assert not platform.__file__.endswith("platform/__init__.py")
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_stdlib_platform_is_not_shadowed_under_celery():
    # Celery's Django fixup puts the current directory first on sys.path: run it from the repo root.
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "report"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    assert "system:Linux" in result.stdout


def test_project_package_imports_from_the_platform_folder():
    import config

    assert Path(config.__file__).parent == ROOT / "platform" / "config"
