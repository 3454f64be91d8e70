"""The `dapolicy` command: validate, evaluate, explain, compare, conformance, lint, test, doc, schema and serve.

Exit status: 0 success; 1 input rejected (a ruleset, a case, a quote not in its source text), or, for
`conformance`, the ruleset does not conform (its document is still printed); 2 usage error, with the usage of
the subcommand that was given. Each subcommand is one function that calls the public API and prints; rejected
input is a message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from ._version import __version__
from .api import _is_path, bundled_ids, load_case, load_policy, read_case  # each command imports the rest when it runs
from .errors import CaseError, PolicyError, Problem
from .schema import SCHEMA_KINDS
from .versions import VERSION_MARK

if TYPE_CHECKING:
    from .quotes import QuoteCheck
    from .trace import BufferSink
from .errors import MAX_SHOWN, shown, suggest

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    """A mistake in the command's arguments that argparse cannot see (exit 2, with the subcommand's usage)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used by `python -m dapolicy`)."""
    parser, commands = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _check_command(parser, commands, argv)
        args, extra = parser.parse_known_args(argv)
        command = getattr(args, "command", None)
        if extra:
            _unrecognised(commands.get(command, parser), extra)
        if not command:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        try:
            args.overrides = _parameters(getattr(args, "parameters", []),
                                         "--baseline-set" if command == "conformance" else "--set")  # fmt: skip
            return args.run(args)
        except _UsageError as error:
            args.parser.error(str(error))
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (EXIT_OK if exit_.code is None else EXIT_USAGE)
    except (PolicyError, CaseError) as error:
        print(f"dapolicy: {error}", file=sys.stderr)
        return EXIT_REJECTED
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("dapolicy: interrupted", file=sys.stderr)
        return 130
    return EXIT_USAGE


def _check_command(parser: argparse.ArgumentParser, commands: dict[str, argparse.ArgumentParser], argv: list[str]):
    """An unknown command is named, with the nearest command if it is a near miss."""
    top_level = {option for action in parser._actions for option in action.option_strings}
    given = next((arg for arg in argv if arg not in top_level), None)  # the top-level options take no values
    if given is None or given in commands:
        return
    if given.startswith("-"):
        parser.error(f"unrecognized option {given!r} before the command: the options of a command go after it, "
                     f"e.g. dapolicy evaluate POLICY CASE {given}")  # fmt: skip
    near = suggest(given, commands)
    parser.error(f"unknown command {given!r} (commands: {', '.join(commands)})"
                 + (f"; did you mean {near!r}?" if near else ""))  # fmt: skip


def _unrecognised(parser: argparse.ArgumentParser, extra: list[str]) -> None:
    """Arguments the (sub)command does not take: its own usage, and the nearest option for a misspelt one."""
    options = [option for action in parser._actions for option in action.option_strings]
    nearest = (suggest(arg.partition("=")[0], options) for arg in extra if arg.startswith("--"))
    near = next((option for option in nearest if option), None)
    parser.error(f"unrecognized arguments: {' '.join(extra)}" + (f" (did you mean {near}?)" if near else ""))


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="dapolicy",
        description="Apply UK social landlords' domestic-abuse policies to the facts of a case.",
        epilog="Exit status: 0 success, 1 input rejected (or, for conformance, the ruleset does not conform), "
               "2 usage error.",
    )  # fmt: skip
    parser.add_argument("--version", action="version", version=f"dapolicy {__version__}")
    parser.set_defaults(parser=parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands: dict[str, argparse.ArgumentParser] = {}

    def command(name: str, helptext: str, run) -> argparse.ArgumentParser:
        sub = subparsers.add_parser(name, help=helptext, description=helptext)
        sub.set_defaults(run=run, parser=sub)
        commands[name] = sub
        return sub

    validate = command("validate", "check ruleset files (all bundled rulesets if none given), and that every quote "
                       "stands in the source text the ruleset names", run_validate)  # fmt: skip
    validate.add_argument("files", nargs="*", metavar="FILE", help="ruleset YAML files, or bundled ids")
    validate.add_argument("--sources", type=Path, metavar="DIR",
                          help="the folder of source texts (default: beside the ruleset, then $DAPOLICY_SOURCES, "
                               "then ../shared/sources beside the repository holding the ruleset, the working "
                               "folder or dapolicy)")  # fmt: skip

    for name, helptext, run in (
        ("evaluate", "what the policy requires for a case", run_evaluate),
        ("explain", "the decision with its reasons: what applied, what did not, what waits on which facts", run_explain),
    ):
        sub = command(name, helptext, run)
        sub.add_argument("policy", metavar="POLICY", help=_POLICY_HELP)
        _policies_option(sub)
        sub.add_argument("case", metavar="CASE", help="a case file (.json or .yaml), or - for standard input")
        sub.add_argument("--set", dest="parameters", action="append", default=[], metavar="NAME=VALUE",
                         help="override a ruleset parameter, e.g. --set landlord_kind=local_housing_authority")  # fmt: skip
        if name == "evaluate":
            sub.add_argument("--format", choices=("json", "text"), default="json", help="output format (default json)")
        else:
            sub.add_argument("--format", choices=("text", "json"), default="text",
                             help="output format: text (default), or json: the decision document with the trace "
                                  "events under \"trace\"")  # fmt: skip

    comparing = command("compare", "every way two rulesets differ for some case, with witnesses; --all: all side "
                        "by side", run_compare)  # fmt: skip
    comparing.add_argument("left", metavar="POLICY", nargs="?", help=_POLICY_HELP)
    comparing.add_argument("right", metavar="POLICY", nargs="?", help=_POLICY_HELP)
    _policies_option(comparing)
    comparing.add_argument("--all", action="store_true", help="every bundled ruleset side by side (no POLICY)")
    comparing.add_argument("--format", choices=("json", "text", "markdown", "html"),
                           help="output format: json (default), text or markdown for two rulesets; "
                                "markdown (default; text gives the same), html or json for --all")  # fmt: skip

    conforming = command("conformance", "where a ruleset falls short of the Domestic Abuse Act 2021 and the "
                         "regulator's standard (exit 1 if it does not conform)", run_conformance)  # fmt: skip
    conforming.add_argument("policy", metavar="POLICY", help=_POLICY_HELP)
    _policies_option(conforming)
    conforming.add_argument("--format", choices=("json", "text", "markdown"), default="json",
                            help="output format (default json)")  # fmt: skip
    conforming.add_argument("--baseline-set", dest="parameters", action="append", default=[], metavar="NAME=VALUE",
                            help="override a parameter of the statutory baseline, e.g. "
                                 "--baseline-set landlord_kind=local_housing_authority")  # fmt: skip

    linting = command("lint", "what a ruleset that loads may still get wrong: conflicts, rules that never apply or "
                      "are shadowed, unused definitions and parameters, modal words, quotes (exit 1 on errors)",
                      run_lint)  # fmt: skip
    linting.add_argument("files", nargs="*", metavar="FILE", help="ruleset YAML files, or bundled ids (default: all "
                         "bundled rulesets)")  # fmt: skip
    linting.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                         help="output format: text (default), json, or sarif (SARIF 2.1.0 for code scanning)")
    linting.add_argument("--sources", type=Path, metavar="DIR", help="the folder of source texts (default: as for "
                         "validate)")  # fmt: skip
    linting.add_argument("--show-allowed", action="store_true",
                         help="text: also list the findings the ruleset explains with `lint:` entries")

    describing = command("schema", "print the JSON Schema (draft 2020-12) of a ruleset, case, decision or "
                         "comparison document, for editors and integrators", run_schema)  # fmt: skip
    describing.add_argument("kind", choices=SCHEMA_KINDS, metavar="KIND",
                            help=f"the document: {', '.join(SCHEMA_KINDS)} (comparison covers conformance too)")

    testing = command("test", "run the YAML tests beside rulesets (*.tests.yaml): each case and what its "
                      "decision must say; --coverage: what the tests reach", run_test_files)  # fmt: skip
    testing.add_argument("paths", nargs="*", metavar="PATH",
                         help="test files, or folders to search for *.tests.yaml (default: the bundled rulesets' tests)")
    testing.add_argument("-k", dest="keyword", metavar="NAME",
                         help="run only the tests whose name or keywords contain NAME (case-insensitive; * and ? glob)")
    testing.add_argument("--coverage", action="store_true",
                         help="report the rules, definitions, condition branches and clauses no test reached")
    testing.add_argument("--threshold", type=_percent, metavar="PCT",
                         help="with --coverage implied: exit 1 if a ruleset's rule coverage is below PCT percent")
    testing.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    documenting = command("doc", "the source text paragraph by paragraph with the rules, definitions and "
                          "parameters that encode it, and why a paragraph holds no rule", run_doc)  # fmt: skip
    documenting.add_argument("policy", metavar="POLICY", help=f"a bundled id ({', '.join(bundled_ids())}) or a path")
    documenting.add_argument("--format", choices=("markdown", "html"), default="markdown",
                             help="markdown (default) or one self-contained HTML page")  # fmt: skip
    documenting.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    documenting.add_argument("--sources", type=Path, metavar="DIR",
                             help="the folder of source texts (default: as for validate)")
    batching = command("batch", "evaluate every case of a JSON Lines or Parquet file: one row a case, a column an "
                       "action; bad cases become rows with their error (Parquet: the batch extra)", run_batch)  # fmt: skip
    batching.add_argument("policy", metavar="POLICY", help=_POLICY_HELP)
    _policies_option(batching)
    batching.add_argument("cases", type=Path, metavar="CASES", help="a .jsonl file (a case document a line) or "
                          ".parquet file (a case a row)")  # fmt: skip
    batching.add_argument("--out", type=Path, required=True, metavar="OUT",
                          help="the rows: .parquet, or JSON Lines for any other name")
    batching.add_argument("--set", dest="parameters", action="append", default=[], metavar="NAME=VALUE",
                          help="override a ruleset parameter, as for evaluate")
    _dask_options(batching)

    replaying = command("replay", "the cases whose decisions change from one ruleset to another (two versions of a "
                        "policy: ID@YYYY-MM-DD), with what changed and a summary table; every change is one that "
                        "compare reports", run_replay)  # fmt: skip
    replaying.add_argument("old", metavar="OLD", help=_POLICY_HELP)
    replaying.add_argument("new", metavar="NEW", help=_POLICY_HELP)
    replaying.add_argument("cases", type=Path, metavar="CASES", help="a .jsonl or .parquet file of cases, as for batch")
    replaying.add_argument("--out", type=Path, required=True, metavar="CHANGES",
                           help="the changed (and refused) cases: .parquet, or JSON Lines for any other name")
    _policies_option(replaying)
    replaying.add_argument("--decisions", action="store_true",
                           help="also write both decision documents of each changed case")
    replaying.add_argument("--format", choices=("text", "json"), default="text",
                           help="the summary on standard output: a text table (default) or JSON")
    replaying.add_argument("--no-compare", dest="check", action="store_false",
                           help="skip checking each change against compare OLD NEW")
    _dask_options(replaying)

    serving = command("serve", "the HTTP service and its API documentation (the server extra: "
                      "pip install \"dapolicy[server]\")", run_serve)  # fmt: skip
    serving.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1: this "
                         "machine only; 0.0.0.0 for every interface, behind a proxy that authenticates)")  # fmt: skip
    serving.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    serving.add_argument("--policies", type=Path, metavar="DIR",
                         help="a folder of ruleset YAML files to serve beside the bundled ones")
    serving.add_argument("--sources", type=Path, metavar="DIR",
                         help="the folder of source texts that validate checks quotes against")
    serving.add_argument("--log", type=Path, metavar="FILE", help="append each decision to FILE (JSON Lines), "
                         "for audit (docs/server.md)")  # fmt: skip
    serving.add_argument("--redact", metavar="FACTS", help="with --log: the case facts to redact, comma-separated, "
                         "or none (default: survivor.age,perpetrator.age,area,reported_at)")  # fmt: skip
    return parser, commands


_POLICY_HELP = (f"a bundled id ({', '.join(bundled_ids())}), ID@YYYY-MM-DD for the version of ID in force that day, "
                "or a path")


def _policies_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--policies", type=Path, metavar="DIR",
                     help="the folder to look ids and their versions up in (<id>.yaml, <id>@<label>.yaml) instead "
                          "of the bundled rulesets")  # fmt: skip


def _dask_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--dask", action="store_true", help="work on Dask: a local cluster, one worker a core (the batch "
                     "extra)")  # fmt: skip
    sub.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --dask: the Dask cluster's scheduler (tcp://host:8786) instead of a local one")
    sub.add_argument("--workers", type=int, metavar="N",
                     help="with --dask and no --scheduler: the local cluster's worker processes (default: one a core)")


def run_batch(args: argparse.Namespace) -> int:
    """Evaluate every case of the file; the rows go to --out, a count of decided and refused cases to stderr."""
    from .batch import run_file

    if not _batch_ready(args):
        return EXIT_REJECTED
    policy = _policy(args, args.policy, args.overrides)
    show = sys.stderr.isatty()
    with _cluster(args) as client, _writing(args.out):
        written, refused = run_file(policy, args.cases, args.out, client=client, counted=_progress(show))
    print(f"{chr(13) if show else ''}dapolicy: {written:,} cases under {policy.id}: {written - refused:,} decided, "
          f"{refused:,} refused (their rows give the error); rows in {args.out}", file=sys.stderr)  # fmt: skip
    return EXIT_OK


def run_replay(args: argparse.Namespace) -> int:
    """Replay every case under OLD and NEW; the changed cases go to --out, the summary table to standard output
    and a count to stderr. Exit 1 if a change is not one that compare reports (a defect, never expected)."""
    from .api import compare
    from .replay import replay_file

    if not _batch_ready(args):
        return EXIT_REJECTED
    old, new = _policy(args, args.old), _policy(args, args.new)
    show = sys.stderr.isatty()
    with _cluster(args) as client, _writing(args.out):
        summary = replay_file(old, new, args.cases, args.out, client=client, decisions=args.decisions,
                              counted=_progress(show))  # fmt: skip
    if show:
        print("\r", end="", file=sys.stderr)
    if args.check:
        summary.check(compare(old, new))
    if args.format == "json":
        print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(summary.table())
    print(f"dapolicy: {summary.cases:,} cases replayed: {summary.changed:,} changed, {summary.refused:,} refused "
          f"(their rows give the error); rows in {args.out}", file=sys.stderr)  # fmt: skip
    if summary.unreported:
        sys.stdout.flush()
        keys = ", ".join(f"{subject}{f'[{recipient}]' if recipient else ''} {aspect}"
                         for subject, aspect, recipient in summary.unreported)  # fmt: skip
        print(f"dapolicy: replay found changes that compare {args.old} {args.new} does not report ({keys}): a defect "
              "in dapolicy; please report it with the cases", file=sys.stderr)  # fmt: skip
        return EXIT_REJECTED
    return EXIT_OK


@contextlib.contextmanager
def _writing(out: Path) -> Iterator[None]:
    """A file that cannot be written (permissions, a full disk) is a message naming it, not a traceback."""
    try:
        yield
    except OSError as error:
        if error.filename is None or Path(error.filename) != out:
            raise
        raise PolicyError([Problem("output.unwritable", f"cannot write {out}: {error.strerror}",
                                   hint="choose --out in a folder you can write to")], document="the output") from None


def _progress(show: bool) -> Any:
    """What a batch or replay tells after each part: a running count of cases on a terminal, else nothing."""
    return lambda count: show and print(f"\rdapolicy: {count:,} cases", end="", file=sys.stderr)


def _batch_ready(args: argparse.Namespace) -> bool:
    """The cases file exists, the Dask options fit together, and what Parquet or Dask need is installed (else a
    message naming the batch extra, and False)."""
    if not args.cases.is_file():
        raise _UsageError(f"CASES: no such file: {args.cases}")
    if args.out.is_dir() or not args.out.absolute().parent.is_dir():
        raise _UsageError(f"--out: {'a folder, not a file' if args.out.is_dir() else 'no such folder'}: {args.out}")
    if (args.scheduler or args.workers is not None) and not args.dask:
        raise _UsageError(f"{'--scheduler' if args.scheduler else '--workers'} is for working on Dask: give --dask too")
    if args.workers is not None and (args.scheduler or args.workers < 1):
        raise _UsageError("--workers: a number of local workers (1 or more), without --scheduler")
    needed = ["pyarrow"] if ".parquet" in (args.cases.suffix.lower(), args.out.suffix.lower()) else []
    missing = [name for name in needed + (["distributed"] if args.dask else []) if not _importable(name)]
    if missing:
        print(f"dapolicy: {args.command} {'on Dask' if args.dask else 'with Parquet'} needs the batch extra "
              f"({', '.join(missing)} missing): pip install \"dapolicy[batch]\"", file=sys.stderr)  # fmt: skip
    return not missing


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


@contextlib.contextmanager
def _cluster(args: argparse.Namespace) -> Iterator[Any]:
    """The Dask client --dask asks for (a local cluster unless --scheduler names one), closed afterwards; None
    without --dask."""
    if not args.dask:
        yield None
        return
    from distributed import Client, LocalCluster

    if args.scheduler:
        try:
            client = Client(args.scheduler, timeout=20)
        except (OSError, TimeoutError) as error:
            raise _UsageError(f"--scheduler: cannot reach {args.scheduler}: {error}") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def run_serve(args: argparse.Namespace) -> int:
    """Run the HTTP service until interrupted (exit 1 if the server extra is not installed)."""
    for option, folder in (("--policies", args.policies), ("--sources", args.sources)):
        if folder is not None and not folder.is_dir():
            raise _UsageError(f"{option}: no such folder: {folder}")
    if not 0 < args.port < 65536:
        raise _UsageError(f"--port: {args.port} is not a port (1 to 65535)")
    if args.redact is not None and args.log is None:
        raise _UsageError("--redact applies to the decision log: give --log FILE too")
    try:
        from .server import serve
    except ImportError as error:
        print(f"dapolicy: serve needs the server extra ({error.name} is not installed): "
              "pip install \"dapolicy[server]\"", file=sys.stderr)  # fmt: skip
        return EXIT_REJECTED
    serve(args.host, args.port, policies=args.policies, sources=args.sources, log=_decision_log(args),
          started=lambda line: print(line, file=sys.stderr))  # fmt: skip
    return EXIT_OK


def _decision_log(args: argparse.Namespace) -> Any:
    """The decision log --log and --redact ask for, or None."""
    from .audit import DEFAULT_REDACTED, DecisionLog

    if args.log is None:
        return None
    written = args.redact if args.redact is not None else ",".join(DEFAULT_REDACTED)
    redacted = () if written.strip().lower() == "none" else tuple(p.strip() for p in written.split(",") if p.strip())
    try:
        return DecisionLog(args.log, redacted)
    except ValueError as error:
        raise _UsageError(f"--redact: {error}") from None
    except OSError as error:
        raise _UsageError(f"--log: cannot write {args.log}: {error.strerror}") from None


def run_lint(args: argparse.Namespace) -> int:
    """Lint every ruleset given, whatever the others gave: findings on stdout (errors apart from warnings), a
    ruleset that does not load on stderr; exit 1 if any ruleset has an error or does not load."""
    from . import lint, render_lint_json, render_lint_sarif, render_lint_text

    if args.sources is not None and not args.sources.is_dir():
        raise _UsageError(f"--sources: no such folder: {args.sources}")
    reports, rejected = [], []
    for target in args.files or list(bundled_ids()):
        try:
            reports.append(lint(target, sources=args.sources))
        except PolicyError as error:
            print(f"dapolicy: {target}: {error}", file=sys.stderr)
            rejected.append(target)
    if args.format == "json":
        sys.stdout.write(render_lint_json(reports))
    elif args.format == "sarif":
        sys.stdout.write(render_lint_sarif(reports, version=__version__))
    else:
        sys.stdout.write(render_lint_text(reports, show_allowed=args.show_allowed))
    if rejected:
        print(f"dapolicy: not linted (did not load): {', '.join(rejected)}", file=sys.stderr)
    return EXIT_REJECTED if rejected or any(not report.passed for report in reports) else EXIT_OK


def run_doc(args: argparse.Namespace) -> int:
    """Print (or write to --out) the ruleset beside its source text."""
    from . import literate

    if args.sources is not None and not args.sources.is_dir():
        raise _UsageError(f"--sources: no such folder: {args.sources}")
    page = literate(args.policy, format=args.format, sources=args.sources)
    if args.out is None:
        sys.stdout.write(page)
        return EXIT_OK
    try:
        args.out.write_text(page, encoding="utf-8")
    except OSError as error:
        print(f"dapolicy: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_REJECTED
    return EXIT_OK


def _percent(text: str) -> float:
    """A --threshold value: a number from 0 to 100 (a trailing % allowed)."""
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {text!r} (write e.g. 90 or 100)") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"a percentage is from 0 to 100, not {text}")
    return value


def run_test_files(args: argparse.Namespace) -> int:
    """Run the YAML tests; failures on stdout with file:line, then coverage and a summary; exit 1 if any test
    did not pass, a test file could not be read, or coverage is below --threshold."""
    from . import render_test_report, run_tests

    coverage = args.coverage or args.threshold is not None
    missing = [path for path in args.paths if not Path(path).exists()]
    if missing:
        raise _UsageError(f"no such file or folder: {', '.join(missing)}")
    report = run_tests(args.paths, keyword=args.keyword, coverage=coverage)
    if not report.results and not report.file_problems:
        print("dapolicy: no tests ran" + (f" (none matched -k {args.keyword!r})" if args.keyword else
              f": no *.tests.yaml file under {', '.join(args.paths) or 'the bundled rulesets'}"), file=sys.stderr)  # fmt: skip
        return EXIT_REJECTED
    below = report.below(args.threshold) if args.threshold is not None else []
    if args.format == "json":
        print(json.dumps({**report.to_dict(), "threshold": args.threshold,
                          "below_threshold": [c.policy for c in below]}, indent=2, ensure_ascii=False))  # fmt: skip
    else:
        print(render_test_report(report, coverage=coverage))
        for coverage_of in below:
            print(f"dapolicy: rule coverage of {coverage_of.policy} is {coverage_of.percent:.1f}%, below the "
                  f"threshold of {args.threshold:g}%", file=sys.stderr)  # fmt: skip
    return EXIT_OK if report.ok and not below else EXIT_REJECTED


def run_schema(args: argparse.Namespace) -> int:
    """Print the schema, exactly as docs/schemas/KIND.schema.json holds it."""
    from .schema import schema

    print(json.dumps(schema(args.kind), indent=2))
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    """Check every ruleset given, whatever the others gave: load it, then check its quotes against its source
    text. `ok` lines on stdout; problems and warnings on stderr; exit 1 if any ruleset was rejected."""
    if args.sources is not None and not args.sources.is_dir():
        raise _UsageError(f"--sources: no such folder: {args.sources}")
    targets = args.files or list(bundled_ids())
    passed: list[str] = []
    rejected: list[str] = []
    for target in targets:
        if _validate_one(target, args.sources):
            passed.append(target)
        else:
            rejected.append(target)
    if rejected and len(targets) > 1:
        print(f"dapolicy: {len(rejected)} of {len(targets)} rulesets rejected: {', '.join(rejected)}; "
              f"passed: {', '.join(passed) or 'none'}", file=sys.stderr)  # fmt: skip
    return EXIT_REJECTED if rejected else EXIT_OK


def _validate_one(target: str, sources: Path | None) -> bool:
    """Load one ruleset and check its quotes; print what was found. True if it passed."""
    from .quotes import check_ruleset_quotes

    try:
        problems: list[Problem] = []
        try:
            policy = load_policy(target)
        except PolicyError as error:
            policy, problems = None, list(error.problems)
        check = None
        if policy is not None or all(problem.code.startswith("compile.") for problem in problems):
            check = check_ruleset_quotes(target, sources)  # the model is valid: its quotes can be checked too
        if check is not None:
            problems += check.problems
            if not check.checked:
                print(_source_text_warning(check), file=sys.stderr)
        if problems or policy is None:
            print(f"dapolicy: {target}: {PolicyError(problems)}", file=sys.stderr)
            return False
        if check is None:
            quotes = "quotes not checked"
        elif check.checked:
            quotes = f"{check.quotes} quote{'s' * (check.quotes != 1)} found in {check.file}"
        else:
            quotes = f"quotes not checked: source text {check.source_text!r} {check.reason}"
        print(f"ok: {target} ({policy.id}: {len(policy.compiled.rules)} rules, "
              f"{len(policy.compiled.definitions)} definitions; {quotes})")  # fmt: skip
        return True
    except Exception as error:  # one ruleset's failure never stops the others being checked
        print(f"dapolicy: {target}: error[internal] dapolicy failed while checking this ruleset "
              f"({type(error).__name__}: {error}); this is a bug, please report it with the file",
              file=sys.stderr)  # fmt: skip
        return False


def _source_text_warning(check: QuoteCheck) -> str:
    where = f"{check.mark}: " if check.mark else ""
    looked = ", ".join(str(place) for place in check.looked)
    if check.reason == "not found":
        return (f"{where}warning[validate.source_text_not_found] source text {check.source_text!r} not found, so its "
                f"{check.quotes} quotes were not checked (looked in: {looked})\n"
                f"  hint: put {check.source_text} in one of those places, or give --sources DIR")  # fmt: skip
    return (f"{where}warning[validate.source_text_unreadable] source text {check.source_text!r} cannot be used, so "
            f"its {check.quotes} quotes were not checked: {check.reason}")  # fmt: skip


def run_evaluate(args: argparse.Namespace) -> int:
    """Print the decision document (json) or the officer's summary (text)."""
    from .render import render_text

    decision = _decide(args)
    if args.format == "json":
        print(json.dumps(decision.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_text(decision))
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    """Print the decision with its reasons (text), or the decision document with its trace events (json)."""
    from .render import render_explanation
    from .trace import BufferSink

    sink = BufferSink()
    decision = _decide(args, sink)
    if args.format == "json":
        document = {**decision.to_dict(), "trace": [event.to_dict() for event in sink.events]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_explanation(decision))
    return EXIT_OK


def run_compare(args: argparse.Namespace) -> int:
    """Print the comparison document (json), or its differences in words (text, markdown); with --all, the
    matrix of every bundled ruleset (markdown, html or json)."""
    from .api import compare
    from .render import render_comparison

    given = [policy for policy in (args.left, args.right) if policy]
    if args.all:
        if given:
            raise _UsageError("compare --all takes no POLICY: it shows every bundled ruleset")
        return _print_matrix(args.format or "markdown")
    if len(given) != 2:
        raise _UsageError("compare needs two rulesets (compare POLICY POLICY), or --all")
    if args.format == "html":
        raise _UsageError("--format html is for compare --all; use json, text or markdown for two rulesets")
    comparison = compare(_policy(args, args.left), _policy(args, args.right))
    if args.format in (None, "json"):
        print(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_comparison(comparison, markdown=args.format == "markdown"))
    return EXIT_OK


def _print_matrix(form: str) -> int:
    """Every bundled ruleset side by side."""
    from .api import matrix
    from .matrix import render_matrix_html, render_matrix_markdown

    side_by_side = matrix()
    if form == "json":
        print(json.dumps(side_by_side.to_dict(), indent=2, ensure_ascii=False))
    elif form == "html":
        sys.stdout.write(render_matrix_html(side_by_side))
    else:
        sys.stdout.write(render_matrix_markdown(side_by_side))
    return EXIT_OK


def run_conformance(args: argparse.Namespace) -> int:
    """Print the conformance document (json), or its findings in words (text, markdown); exit 1 if the ruleset
    does not conform (falls short of the baseline somewhere), so that CI can gate on it."""
    from .api import conformance
    from .render import render_conformance

    result = conformance(_policy(args, args.policy), baseline_parameters=args.overrides)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_conformance(result, markdown=args.format == "markdown"))
    shortfalls = sum(1 for finding in result.findings if finding.falls_short)
    if shortfalls:
        sys.stdout.flush()
        print(f"dapolicy: {result.policy.id} does not conform: {shortfalls} shortfall{'s' * (shortfalls != 1)} "
              "against the statutory baseline (exit status 1)", file=sys.stderr)  # fmt: skip
        return EXIT_REJECTED
    return EXIT_OK


def _policy(args: argparse.Namespace, given: str, parameters: dict[str, Any] | None = None):
    """The ruleset a POLICY argument names: a bundled id (or one in --policies), `ID@YYYY-MM-DD` for the version
    of ID in force that day, or a path."""
    folder = getattr(args, "policies", None)
    policy_id, mark, day = given.rpartition(VERSION_MARK)
    if _is_path(given):
        return load_policy(given, parameters=parameters)
    if mark and policy_id:
        return load_policy(policy_id, on=day, folder=folder, parameters=parameters)
    return load_policy(given, folder=folder, parameters=parameters)


def _decide(args: argparse.Namespace, sink: BufferSink | None = None):
    policy = _policy(args, args.policy, args.overrides)
    return policy.evaluate(_case(args.case), sink=sink)


def _case(where: str) -> dict[str, Any]:
    """The case document from a file or standard input (`-`)."""
    if where != "-":
        return read_case(where)
    if sys.stdin is None:
        raise CaseError("", "standard input is closed: give the case on standard input, or a file name for CASE",
                        code="case.no_input")
    if sys.stdin.isatty():
        print("dapolicy: reading the case from standard input; end it with Ctrl-D", file=sys.stderr)
    return read_case(sys.stdin)


def _parameters(pairs: list[str], option: str) -> dict[str, Any]:
    """`name=value` pairs; values are read as YAML scalars (numbers, true/false, text) or flow lists."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, equals, text = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise _UsageError(f"{option} expects NAME=VALUE, found {shown(pair)}")
        if not text.strip():
            raise _UsageError(f"{option} {name}= gives no value: write {option} {name}=VALUE")
        try:
            document = load_case(f"value: {text}", f"<{option}>")
        except CaseError as error:
            if error.path == "value":  # one value, but refused (a number too long, a tag): say why
                reason = error.detail.partition("] ")[2] or error.detail
                raise _UsageError(f"{option} {name}: {reason}" + (f" ({error.hint})" if error.hint else "")) from None
            document = None
        if document is None or set(document) != {"value"}:
            written = pair if len(pair) <= MAX_SHOWN else shown(pair)
            raise _UsageError(f"{option} {written}: the value is not one YAML value (text, a number, true or false, "
                              "a [list]); put it in quotes if it holds ': ' or ' #' or starts with [, {, &, * "
                              "or !")  # fmt: skip
        value = document["value"]
        if name in overrides and overrides[name] != value:
            raise _UsageError(f"{option} {name} is given twice ({overrides[name]!r} and {value!r}): give it once")
        overrides[name] = value
    return overrides


if __name__ == "__main__":
    sys.exit(main())
