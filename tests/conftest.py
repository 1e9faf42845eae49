"""Shared test configuration.

The real-report fixtures live in ``../shared/fixtures`` beside the checkout. A fresh clone without
them still passes: every test that needs them is skipped, and one summary line says how many and
why. Under ``GONGKAI_REQUIRE_FIXTURES=1`` (CI) a missing fixture is a failure instead.
"""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from gongkai.security.var_dir import prepare_var_dir

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = SHARED / "fixtures"
REQUIRE_FIXTURES = os.environ.get("GONGKAI_REQUIRE_FIXTURES") == "1"
MISSING_FIXTURES = f"需要真实年报等样本 {FIXTURES}，本机没有"

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("default", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def fixtures_missing() -> bool:
    return not FIXTURES.is_dir()


def pytest_sessionstart(session) -> None:
    prepare_var_dir()  # importing settings creates nothing; the data directory is made here
    if REQUIRE_FIXTURES and fixtures_missing():
        pytest.exit(f"GONGKAI_REQUIRE_FIXTURES=1，但没有找到 {FIXTURES}", returncode=1)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if fixtures_missing():
        if REQUIRE_FIXTURES:
            pytest.fail(f"没有找到 {FIXTURES}", pytrace=False)
        pytest.skip(MISSING_FIXTURES)
    return FIXTURES


def _needs_missing_fixture(excinfo) -> bool:
    """A test that opened a file under ../shared while ../shared is absent."""
    return (
        not REQUIRE_FIXTURES
        and fixtures_missing()
        and excinfo is not None
        and excinfo.errisinstance(FileNotFoundError)
        and str(SHARED) in str(excinfo.value)
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _needs_missing_fixture(call.excinfo):
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1], f"Skipped: {MISSING_FIXTURES}")


def _skipped_for_fixtures(report) -> bool:
    if not fixtures_missing() or not isinstance(report.longrepr, tuple):
        return False
    reason = str(report.longrepr[2])
    # Tests parametrized over the fixture files collect an empty parameter set without them.
    return MISSING_FIXTURES in reason or "got empty parameter set" in reason


def pytest_terminal_summary(terminalreporter) -> None:
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if _skipped_for_fixtures(r)]
    if skipped:
        terminalreporter.write_line(
            f"跳过 {len(skipped)} 个测试：{MISSING_FIXTURES}（设置 GONGKAI_REQUIRE_FIXTURES=1 时缺少即失败）"
        )


# For tests that read the fixtures through a module-level path: skip (or fail in CI) without them.
needs_fixtures = pytest.mark.usefixtures("fixtures_dir")
