"""The `dapolicy` command: validate, evaluate, explain, compare and conformance. Exit 0 success, 1 input rejected, 2 usage error.

Each subcommand is one function that calls the public API and prints; rejected input is a message on stderr,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from . import (
    CaseError,
    PolicyError,
    bundled_ids,
    compare,
    conformance,
    load_case,
    load_policy,
    matrix,
    render_comparison,
    render_conformance,
    render_explanation,
    render_matrix_html,
    render_matrix_markdown,
    render_text,
)

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used by `python -m dapolicy`)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    for pair in getattr(args, "parameters", []):
        if "=" not in pair or not pair.partition("=")[0].strip():
            parser.error(f"--set expects NAME=VALUE, found {pair!r}")
    try:
        return args.run(args)
    except (PolicyError, CaseError) as error:
        print(f"dapolicy: {error}", file=sys.stderr)
        return EXIT_REJECTED
    except BrokenPipeError:
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dapolicy",
        description="Apply UK social landlords' domestic-abuse policies to the facts of a case.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser("validate", help="check ruleset files (all bundled rulesets if none given)")
    validate.add_argument("files", nargs="*", metavar="FILE", help="ruleset YAML files")
    validate.set_defaults(run=run_validate)

    for name, helptext, run in (
        ("evaluate", "what the policy requires for a case", run_evaluate),
        ("explain", "the decision with its reasons: what applied, what did not, what waits on which facts", run_explain),
    ):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("policy", metavar="POLICY", help=f"a bundled id ({', '.join(bundled_ids())}) or a path")
        sub.add_argument("case", metavar="CASE", help="a case file (.json or .yaml), or - for standard input")
        sub.add_argument("--set", dest="parameters", action="append", default=[], metavar="NAME=VALUE",
                         help="override a ruleset parameter, e.g. --set landlord_kind=local_housing_authority")  # fmt: skip
        if name == "evaluate":
            sub.add_argument("--format", choices=("json", "text"), default="json", help="output format (default json)")
        sub.set_defaults(run=run)

    comparing = commands.add_parser(
        "compare", help="every way two rulesets differ for some case, with witnesses; --all: all side by side"
    )
    comparing.add_argument("left", metavar="POLICY", nargs="?", help="a bundled id or a path")
    comparing.add_argument("right", metavar="POLICY", nargs="?", help="a bundled id or a path")
    comparing.add_argument("--all", action="store_true", help="every bundled ruleset side by side (no POLICY)")
    comparing.add_argument("--format", choices=("json", "text", "markdown", "html"),
                           help="output format: json (default), text or markdown for two rulesets; "
                                "markdown (default; text gives the same), html or json for --all")  # fmt: skip
    comparing.set_defaults(run=run_compare)

    conforming = commands.add_parser(
        "conformance", help="where a ruleset falls short of the Domestic Abuse Act 2021 and the regulator's standard"
    )
    conforming.add_argument("policy", metavar="POLICY", help="a bundled id or a path")
    conforming.add_argument("--format", choices=("json", "text", "markdown"), default="json",
                            help="output format (default json)")  # fmt: skip
    conforming.add_argument("--baseline-set", dest="parameters", action="append", default=[], metavar="NAME=VALUE",
                            help="override a parameter of the statutory baseline, e.g. "
                                 "--baseline-set landlord_kind=local_housing_authority")  # fmt: skip
    conforming.set_defaults(run=run_conformance)
    return parser


def run_validate(args: argparse.Namespace) -> int:
    """Load each ruleset; print `ok` lines on stdout and every problem on stderr."""
    targets = args.files or list(bundled_ids())
    status = EXIT_OK
    for target in targets:
        try:
            policy = load_policy(target)
        except PolicyError as error:
            print(f"{error}", file=sys.stderr)
            status = EXIT_REJECTED
            continue
        print(f"ok: {target} ({policy.id}: {len(policy.compiled.rules)} rules, "
              f"{len(policy.compiled.definitions)} definitions)")  # fmt: skip
    return status


def run_evaluate(args: argparse.Namespace) -> int:
    """Print the decision document (json) or the officer's summary (text)."""
    decision = _decide(args)
    if args.format == "json":
        print(json.dumps(decision.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_text(decision))
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    """Print the decision with its reasons."""
    sys.stdout.write(render_explanation(_decide(args)))
    return EXIT_OK


def run_compare(args: argparse.Namespace) -> int:
    """Print the comparison document (json), or its differences in words (text, markdown); with --all, the
    matrix of every bundled ruleset (markdown, html or json)."""
    given = [policy for policy in (args.left, args.right) if policy]
    if args.all:
        if given:
            return _usage("compare --all takes no POLICY: it shows every bundled ruleset")
        return _print_matrix(args.format or "markdown")
    if len(given) != 2:
        return _usage("compare needs two rulesets (compare POLICY POLICY), or --all")
    if args.format == "html":
        return _usage("--format html is for compare --all; use json, text or markdown for two rulesets")
    comparison = compare(load_policy(args.left), load_policy(args.right))
    if args.format in (None, "json"):
        print(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_comparison(comparison, markdown=args.format == "markdown"))
    return EXIT_OK


def _print_matrix(form: str) -> int:
    """Every bundled ruleset side by side."""
    side_by_side = matrix()
    if form == "json":
        print(json.dumps(side_by_side.to_dict(), indent=2, ensure_ascii=False))
    elif form == "html":
        sys.stdout.write(render_matrix_html(side_by_side))
    else:
        sys.stdout.write(render_matrix_markdown(side_by_side))
    return EXIT_OK


def _usage(message: str) -> int:
    print(f"dapolicy: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_conformance(args: argparse.Namespace) -> int:
    """Print the conformance document (json), or its findings in words (text, markdown)."""
    result = conformance(load_policy(args.policy), baseline_parameters=_parameters(args.parameters))
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_conformance(result, markdown=args.format == "markdown"))
    return EXIT_OK


def _decide(args: argparse.Namespace):
    policy = load_policy(args.policy, parameters=_parameters(args.parameters))
    return policy.evaluate(_case(args.case))


def _case(where: str) -> dict[str, Any]:
    if where == "-":
        return load_case(sys.stdin.read(), "<stdin>")
    path = Path(where)
    if not path.is_file():
        raise CaseError("", f"no such case file: {where}")
    return load_case(path.read_text(encoding="utf-8"), str(path))


def _parameters(pairs: list[str]) -> dict[str, Any]:
    """`name=value` pairs; values are read as YAML scalars (numbers, true/false, text)."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, _, text = pair.partition("=")
        overrides[name.strip()] = load_case(f"value: {text}", "<--set>")["value"]
    return overrides


if __name__ == "__main__":
    sys.exit(main())
