"""pytest collects the YAML policy tests (`*.tests.yaml`) beside Python tests: one runner for both.

Installed with dapolicy (entry point `pytest11`). Each test of a file is a pytest item named after the test; its
keywords work with `-k`; a failure shows the stated fields that differ with file:line, as `dapolicy test` does.
`--dapolicy-coverage` adds the coverage of each ruleset to the summary.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from .errors import PolicyError, render_problem
from .testing import TEST_SUFFIX, PolicyTest, TestResult, TestSession, load_test_file, render_test_report, TestReport

_SESSION = pytest.StashKey[TestSession]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("dapolicy").addoption("--dapolicy-coverage", action="store_true",
                                          help="report what the YAML policy tests reach in each ruleset")  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SESSION] = TestSession(coverage=config.getoption("dapolicy_coverage", False))


def pytest_collect_file(file_path: Any, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(TEST_SUFFIX):
        return PolicyTestFile.from_parent(parent, path=file_path)
    return None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    session = config.stash.get(_SESSION, None)
    if session is not None and session.coverage:
        terminalreporter.section("dapolicy coverage")
        report = TestReport(coverage=session.coverage)
        terminalreporter.write_line(render_test_report(report, coverage=True).rsplit("\n", 1)[0])


class PolicyTestFailed(Exception):
    """A YAML policy test that did not pass, with its result."""

    def __init__(self, result: TestResult):
        super().__init__(result.test.name)
        self.result = result


class PolicyTestFile(pytest.File):
    """A `*.tests.yaml` file: one item per test, or one failing item naming every problem of the file."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            test_file = load_test_file(self.path)
        except PolicyError as error:
            yield UnreadableTestFile.from_parent(self, name="(test file)", problems=error.problems)
            return
        for test in test_file.tests:
            yield PolicyTestItem.from_parent(self, name=test.name, test=test)


class PolicyTestItem(pytest.Item):
    """One YAML policy test."""

    def __init__(self, *, test: PolicyTest, **kwargs: Any):
        super().__init__(**kwargs)
        self.test = test
        self.extra_keyword_matches.update(test.keywords)

    def runtest(self) -> None:
        result = self.config.stash[_SESSION].run(self.test)
        if not result.passed:
            raise PolicyTestFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, PolicyTestFailed):
            return render_test_report(TestReport(results=[excinfo.value.result])).rsplit("\n", 1)[0]
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, self.test.mark.line - 1, f"{self.path.name}::{self.test.name}"


class UnreadableTestFile(pytest.Item):
    """Stands for a test file that could not be read: it fails with the located problems."""

    def __init__(self, *, problems: tuple, **kwargs: Any):
        super().__init__(**kwargs)
        self.problems = problems

    def runtest(self) -> None:
        raise PolicyError(self.problems)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return "\n".join(render_problem(problem) for problem in self.problems)

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, 0, f"{self.path.name}: the test file could not be read"
