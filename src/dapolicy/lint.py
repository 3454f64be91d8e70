"""Lint: what a ruleset that loads may still get wrong, as errors and warnings (docs/lint.md).

Loading proves that a ruleset can be evaluated; lint asks whether it says what its authors meant. The solver
checks (a rule that permits and a prohibition both in effect for some case, a rule that can never apply, a rule
shadowed by a stronger one) reuse the comparison's encoding of conditions and exceptions (compare.py), so they are
exact over the case space; a conflict comes with a witness case, checked by evaluating it. The other checks read
the ruleset: definitions and parameters nothing uses, a quote whose modal words disagree with the rule's modality
(MODALITY_WORDS, the table docs/ruleset-format.md shows), a quote not in the source text (quotes.py).

A rule, definition or parameter may explain a finding with `lint: [{allow: CODE, reason: ...}]`: the finding is
then kept apart as allowed, with the reason, and an explanation that no finding needs is itself a warning.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ._yaml import SourceMap
from .compile import CompiledPolicy, CompiledRule, Slot
from .conditions import definitions_read
from .errors import Mark, render_path
from .model.ruleset import Ruleset
from .model.vocabulary import STRENGTH
from .quotes import check_source_quotes, fold

__all__ = ["CHECKS", "MODALITY_WORDS", "LintCheck", "LintFinding", "LintReport", "lint", "lint_policy", "lint_text",
           "render_lint_json", "render_lint_sarif", "render_lint_text"]  # fmt: skip

#: The modal words of a policy and the modality each signals: the table in docs/ruleset-format.md. In a phrase,
#: "..." stands for any words of the same sentence ("only share your information with your explicit consent").
MODALITY_WORDS: Mapping[str, tuple[str, ...]] = {
    "must": ("we will", "will be", "will", "must"),
    "should": ("where possible", "aim to", "aims to", "seek to", "look to", "where practicable", "best endeavours",
               "endeavour", "should"),
    "may": ("may", "can", "options include", "will consider", "consider", "able to"),
    "must_not": ("will not", "must not", "with ... consent"),
}

_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_PARAMETER_NAME = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\bparams\.([a-z][a-z0-9_]*)")
_ALWAYS_USED = "domestic_abuse"  # every decision reports it: used whether or not a rule names it


@dataclass(frozen=True)
class LintCheck:
    """One check: its code, severity, what it finds (one line) and how to fix or explain it (help)."""

    code: str
    severity: str
    summary: str
    help: str


CHECKS: Mapping[str, LintCheck] = {check.code: check for check in (
    LintCheck("lint.must_and_must_not", "error",
              "a rule that requires or permits an action and a prohibition of it are both in effect for some case",
              "The decision reports a conflict for such a case. Make one rule an exception to the other "
              "(`exception_to`), narrow a condition, or give the rules different recipients."),
    LintCheck("lint.never_applies", "warning",
              "a rule whose condition no case can make hold, that exceptions always displace, or an exception "
              "that can never displace its base",
              "Check the condition against the policy's words: two comparisons that exclude each other, a value "
              "outside a fact's range, or an exception narrower than the rule it displaces."),
    LintCheck("lint.unused_definition", "warning", "a definition no rule or other definition uses",
              "Use it in the rules it was written for, or remove it."),
    LintCheck("lint.unused_parameter", "warning", "a parameter no condition or `due:` uses",
              "Use it (`params.NAME` in a condition, or `due: NAME`), or remove it."),
    LintCheck("lint.shadowed", "warning",
              "a rule that never decides anything: wherever it is in effect, a stronger rule of the same action "
              "and recipient is too",
              "If the weaker rule states a separate commitment of the policy, explain it with `lint: [{allow: "
              "lint.shadowed, reason: ...}]`; otherwise remove it or narrow the stronger rule."),
    LintCheck("lint.modality_word", "warning",
              "the modal words of a rule's quote all signal one modality, and it is not the rule's",
              "Check the modality against the table in docs/ruleset-format.md, or explain why the words mean "
              "the modality chosen."),
    LintCheck("lint.quote_not_in_source", "error", "a quote that is not in the ruleset's source text",
              "Copy the words exactly as the source text has them (line breaks and curly quotes may differ)."),
    LintCheck("lint.source_text_not_found", "warning", "the source text was not found, so quotes were not checked",
              "Put the source text beside the ruleset, in $DAPOLICY_SOURCES, or give --sources DIR."),
    LintCheck("lint.unused_allow", "warning", "a `lint:` explanation that explains no finding",
              "Remove the explanation: the finding it was written for is gone."),
)}  # fmt: skip


@dataclass(frozen=True)
class LintFinding:
    """One finding: code, severity, message, where (key path and mark), a hint, for a conflict the witness case,
    and, where the ruleset explains it, the reason given (`allowed`) and where."""

    code: str
    severity: str
    message: str
    path: tuple[str | int, ...] = ()
    mark: Mark | None = None
    hint: str | None = None
    witness: dict[str, Any] | None = None
    allowed: str | None = None
    allowed_at: Mark | None = None
    owners: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    source_line: str | None = field(default=None, compare=False, repr=False)

    def sort_key(self) -> tuple:
        """File, line, column, code: every run lists findings in the same order."""
        mark = self.mark
        return (mark.file, mark.line, mark.column, self.code, self.message) if mark else ("", 0, 0, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        mark = self.mark
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": mark.file if mark else None,
            "line": mark.line if mark else None,
            "column": mark.column if mark else None,
            "path": render_path(self.path),
            "hint": self.hint,
            "witness": self.witness,
            "suppressed": {"reason": self.allowed, "line": self.allowed_at.line if self.allowed_at else None}
            if self.allowed is not None else None,
        }


@dataclass(frozen=True)
class LintReport:
    """The findings for one ruleset: errors and warnings apart, and the findings its `lint:` entries explain."""

    policy: str
    file: str
    findings: tuple[LintFinding, ...]

    @property
    def errors(self) -> tuple[LintFinding, ...]:
        return tuple(f for f in self.findings if f.severity == "error" and f.allowed is None)

    @property
    def warnings(self) -> tuple[LintFinding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning" and f.allowed is None)

    @property
    def allowed(self) -> tuple[LintFinding, ...]:
        return tuple(f for f in self.findings if f.allowed is not None)

    @property
    def passed(self) -> bool:
        """No errors (warnings alone pass)."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "file": self.file,
            "errors": [f.to_dict() for f in self.errors],
            "warnings": [f.to_dict() for f in self.warnings],
            "suppressed": [f.to_dict() for f in self.allowed],
        }


def lint(policy: Any, *, sources: Path | None = None) -> LintReport:
    """Lint a ruleset given as `load_policy` takes it (a bundled id or a path) or a loaded Policy; raises
    PolicyError if it does not load. `sources` is the only folder to look for its source text in (as
    `dapolicy validate --sources`). Given a loaded Policy, findings are marked where the compiled ruleset keeps
    marks (rules, definitions), and its source text is not looked for beside its file."""
    from .api import Policy, _locate, _read  # the api stage comes after this one

    if isinstance(policy, Policy):
        return lint_policy(policy.compiled, policy.model, SourceMap(file=policy.id, text=""), sources=sources)
    file, display = _locate(policy)
    return _lint_text(_read(file, display), display, file if isinstance(file, Path) else None, sources)


def lint_text(text: str, name: str = "<ruleset>", *, sources: Path | None = None) -> LintReport:
    """Lint a ruleset given as its text (as `load_policy_text` takes it), findings marked at their line and column;
    raises PolicyError if it does not load. Its source text is looked for in `sources` only (a service's folder
    of source texts), since a text has no folder of its own."""
    return _lint_text(text, name, None, sources)


def _lint_text(text: str, name: str, ruleset_file: Path | None, sources: Path | None) -> LintReport:
    from .api import _parse, load_policy_text  # the api stage comes after this one

    loaded = load_policy_text(text, name)
    model, source = _parse(text, name)
    return lint_policy(loaded.compiled, model, source, ruleset_file, sources)


def lint_policy(compiled: CompiledPolicy, model: Ruleset, source: SourceMap, ruleset_file: Path | None = None,
                sources: Path | None = None) -> LintReport:  # fmt: skip
    """Every check over one compiled ruleset, its model and source map; explanations applied."""
    places = _Places(compiled, model, source)
    found = [*_solver_findings(compiled, places), *_unused_definitions(compiled, model, places),
             *_unused_parameters(compiled, model, places), *_modality_words(model, places),
             *_quote_findings(model, source, ruleset_file, sources)]  # fmt: skip
    findings = sorted(_explained(found, model, places), key=LintFinding.sort_key)
    return LintReport(compiled.id, source.file, tuple(findings))


# --- where findings are -------------------------------------------------------------------------------------


class _Places:
    """Marks and owners of the rules, definitions and parameters of one ruleset."""

    def __init__(self, compiled: CompiledPolicy, model: Ruleset, source: SourceMap):
        self.compiled, self.source = compiled, source
        self.index = {rule.id: index for index, rule in enumerate(model.rules)}

    def finding(self, code: str, message: str, path: tuple, owners: tuple[tuple[str, str], ...], *,
                key: bool = False, mark: Mark | None = None, **details: Any) -> LintFinding:  # fmt: skip
        """A finding at `path` (its key's mark with `key`, or `mark`), with its severity from CHECKS and the
        source line."""
        mark = mark or self.source.mark_for(path, key=key)
        line = self.source.line(mark.line) if mark and self.source.text else None
        return LintFinding(code, CHECKS[code].severity, message, path, mark, owners=owners, source_line=line, **details)

    def rule(self, code: str, rule: CompiledRule, message: str, key: str = "id", **details: Any) -> LintFinding:
        """A finding about a rule, marked at one of its keys (its id by default)."""
        path = ("rules", self.index[rule.id], key)
        mark = self.source.mark_for(path) if self.source.values else rule.mark
        return self.finding(code, f"rule `{rule.id}`: {message}", path, (("rules", rule.id),), mark=mark, **details)


# --- the solver's checks ------------------------------------------------------------------------------------


def _solver_findings(compiled: CompiledPolicy, places: _Places) -> Iterator[LintFinding]:
    """Conflicts, rules that never apply and shadowed rules, exactly, with the comparison's encoding."""
    import z3

    from .compare import Encoding, FactVariables, area_names

    facts = FactVariables(area_names(compiled))
    solver = _Solver(facts.solver(), z3)
    encoding = Encoding(compiled, facts)
    yield from _conflicts(compiled, encoding, solver, places)
    yield from _never_applies(compiled, encoding, solver, places)
    yield from _shadowed(compiled, encoding, solver, places)


@dataclass
class _Solver:
    """Satisfiability of a conjunction over the facts' bounds, one question at a time."""

    solver: Any
    z3: Any

    def model(self, *formulas: Any) -> Any:
        """A model in which every formula holds, or None if no case makes them all hold."""
        self.solver.push()
        self.solver.add(*formulas)
        try:
            return self.solver.model() if self.solver.check() == self.z3.sat else None
        finally:
            self.solver.pop()

    def possible(self, *formulas: Any) -> bool:
        return self.model(*formulas) is not None


def _slots_of(compiled: CompiledPolicy, rule: CompiledRule) -> list[Slot]:
    """The slots (one per recipient the action's rules name) the rule speaks for."""
    return [slot for slot in compiled.slots[rule.action] if rule in slot.rules]


def _in_effect(encoding: Any, slot: Slot, rule: CompiledRule) -> Any:
    return encoding.effect(slot.action, slot.recipient)[rule.id][0]


def _recipient_words(slot: Slot) -> str:
    return f" for recipient {slot.recipient!r}" if slot.recipient is not None else ""


def _conflicts(compiled: CompiledPolicy, encoding: Any, solver: _Solver, places: _Places) -> Iterator[LintFinding]:
    """Each prohibition and each rule permitting the same action that some case puts in effect together (for the
    first recipient, in order, for which it happens), with a verified, shrunk witness case."""
    from .compare import action_facts

    for action, slots in compiled.slots.items():
        reported: set[tuple[str, str]] = set()
        for slot in slots:
            forbidding = [rule for rule in slot.rules if rule.modality == "must_not"]
            permitting = [rule for rule in slot.rules if rule.modality != "must_not"]
            for prohibition in forbidding:
                for permission in permitting:
                    if (prohibition.id, permission.id) in reported:
                        continue
                    model = solver.model(_in_effect(encoding, slot, prohibition), _in_effect(encoding, slot, permission))
                    if model is None:
                        continue
                    reported.add((prohibition.id, permission.id))
                    values = encoding.facts.known_values(model, action_facts(compiled, action))
                    witness = _conflict_witness(compiled, slot, prohibition, permission, values)
                    message = (f"`{permission.id}` ({permission.modality}) and this prohibition of {action!r} are "
                               f"both in effect{_recipient_words(slot)} in some case, so the decision reports a "
                               "conflict")  # fmt: skip
                    finding = places.rule("lint.must_and_must_not", prohibition, message,
                                          hint=f"make one an exception to the other (`exception_to: [{prohibition.id}]`"
                                               f" on `{permission.id}`), or narrow a condition; the witness shows a case",
                                          witness=witness)  # fmt: skip
                    yield replace(finding, owners=(("rules", prohibition.id), ("rules", permission.id)))


def _conflict_witness(compiled: CompiledPolicy, slot: Slot, prohibition: CompiledRule, permission: CompiledRule,
                      values: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """The case document of a solver's model, checked by evaluation (the decision shows the two rules in
    conflict) and shrunk while it still does."""
    from .compare import shrink, witness_case
    from .evaluate import evaluate_case

    def shows(facts: dict[str, Any]) -> bool:
        decision = evaluate_case(compiled, witness_case(facts), only=(slot.action,))
        section, entry = decision.outcome_for(slot.action, slot.recipient)
        return section == "conflicts" and {prohibition.id, permission.id} <= set(entry.rules)

    if not shows(values):
        raise AssertionError(f"the solver's conflict between {prohibition.id} and {permission.id} does not show: {values}")
    return witness_case(shrink(values, shows))


def _never_applies(compiled: CompiledPolicy, encoding: Any, solver: _Solver, places: _Places) -> Iterator[LintFinding]:
    """A rule whose condition never holds, one that exceptions displace wherever it holds, and an exception that
    never displaces one of its bases (never in effect where the base's condition holds)."""
    for rule in compiled.rules:
        holds = encoding.rules[rule.id][0]
        if not solver.possible(holds):
            yield places.rule("lint.never_applies", rule, f"no case makes its condition hold ({rule.text.strip()})",
                              key="when", hint="look for comparisons that exclude each other, or a value outside a "
                                               "fact's range (docs/vocabulary.md)")  # fmt: skip
            continue
        slots = _slots_of(compiled, rule)
        if not any(solver.possible(_in_effect(encoding, slot, rule)) for slot in slots):
            exceptions = sorted({e.id for slot in slots for e in slot.exceptions.get(rule.id, ())})
            yield places.rule("lint.never_applies", rule, "wherever its condition holds, an exception displaces "
                              f"it ({', '.join(f'`{e}`' for e in exceptions)})",
                              hint="an exception should be narrower than the rule it displaces")  # fmt: skip
        for base_id in rule.exception_to:
            together = [slot for slot in slots if any(base.id == base_id for base in slot.rules)]
            base_holds = encoding.rules[base_id][0]
            if not any(solver.possible(_in_effect(encoding, slot, rule), base_holds) for slot in together):
                yield places.rule("lint.never_applies", rule, f"it never displaces `{base_id}`: no case puts it in "
                                  f"effect where the condition of `{base_id}` holds", key="exception_to",
                                  hint="an exception applies to cases its base covers; check both conditions")  # fmt: skip


def _shadowed(compiled: CompiledPolicy, encoding: Any, solver: _Solver, places: _Places) -> Iterator[LintFinding]:
    """A permitting rule, not itself an exception, that decides nothing for any recipient (docs/lint.md)."""
    for rule in compiled.rules:
        if rule.modality == "must_not" or rule.exception_to:
            continue
        slots = [slot for slot in _slots_of(compiled, rule) if solver.possible(_in_effect(encoding, slot, rule))]
        covering: dict[str, None] = {}
        for slot in slots:
            covers = _covering(encoding, solver, slot, rule)
            if covers is None:
                break
            covering.update(dict.fromkeys(covers))
        else:
            if slots:
                names = ", ".join(f"`{name}`" for name in covering)
                yield places.rule("lint.shadowed", rule, f"it never decides anything: wherever it is in effect, {names} "
                                  "gives a stronger outcome (modality, or the same modality with an earlier deadline)",
                                  hint="remove it, or explain with `lint: [{allow: lint.shadowed, reason: ...}]` why the "
                                       "policy states it separately")  # fmt: skip


def _covering(encoding: Any, solver: _Solver, slot: Slot, rule: CompiledRule) -> list[str] | None:
    """The rules that shadow `rule` in this slot, or None where some case lets it decide the modality, approver
    or deadline: in every case where it is in effect, a stronger rule must be too and, if it has a deadline, a
    rule whose deadline is never later."""
    from .compare import never_later

    z3 = solver.z3
    others = [other for other in slot.rules if other is not rule and other.modality != "must_not"]
    stronger = [other for other in others if _stronger(other, rule)]
    needs = [stronger]
    if rule.due is not None:
        needs.append([other for other in others if other.due is not None and never_later(other.due, rule.due)])
    in_effect = _in_effect(encoding, slot, rule)
    for group in needs:
        if solver.possible(in_effect, *[z3.Not(_in_effect(encoding, slot, other)) for other in group]):
            return None
    return [other.id for group in needs for other in group if solver.possible(in_effect, _in_effect(encoding, slot, other))]


def _stronger(other: CompiledRule, rule: CompiledRule) -> bool:
    """`other` gives a stronger outcome than `rule`: a stronger modality, or the same modality and approver with a
    deadline never later and not the same (a rule that says the same as another is a restatement, not shadowed)."""
    from .compare import never_later

    if STRENGTH[other.modality] != STRENGTH[rule.modality]:
        return STRENGTH[other.modality] > STRENGTH[rule.modality]
    return (rule.due is not None and other.due is not None and other.due != rule.due
            and never_later(other.due, rule.due) and other.authority in (None, rule.authority))  # fmt: skip


# --- checks of the text -------------------------------------------------------------------------------------


def _unused_definitions(compiled: CompiledPolicy, model: Ruleset, places: _Places) -> Iterator[LintFinding]:
    """Each definition of the ruleset that no rule and no other definition names (`domestic_abuse` is always used:
    the decision reports it)."""
    named: set[str] = {_ALWAYS_USED}
    for definition in compiled.definitions:
        named |= {ref for ref in definitions_read(definition.condition) if ref != definition.key}
    for rule in compiled.rules:
        named |= set(definitions_read(rule.condition))
    for name in model.definitions:
        if name not in named:
            yield places.finding("lint.unused_definition", f"definition `{name}` is not used by any rule or definition",
                                 ("definitions", name), (("definitions", name),), key=True,
                                 hint="use it in the rules it was written for, or remove it")  # fmt: skip


def _unused_parameters(compiled: CompiledPolicy, model: Ruleset, places: _Places) -> Iterator[LintFinding]:
    """Each parameter that no rule (condition or `due:`) and no definition uses. A rule's parameters are those the
    compiler recorded; a definition's are read from its condition's text (`params.NAME` outside quotes), because
    the compiler folds a yes/no parameter into its value."""
    used = {name for rule in compiled.rules for name in rule.parameters}
    for definition in model.definitions.values():
        used |= {match.group(1) for match in _PARAMETER_NAME.finditer(definition.when) if match.group(1)}
    for name in model.parameters:
        if name not in used:
            yield places.finding("lint.unused_parameter", f"parameter `{name}` is not used by any condition or `due:`",
                                 ("parameters", name), (("parameters", name),), key=True,
                                 hint=f"use it as `params.{name}` in a condition or `due: {name}`, or remove it")  # fmt: skip


def modal_words(quote: str) -> dict[str, list[str]]:
    """The modal words of a quote (MODALITY_WORDS), by the modality each signals. Longer phrases are taken first
    and their words are not read again, so "will not" is a prohibition and "will consider" an option, not "will";
    "may" before a number is the month."""
    text = fold(quote).lower()
    found: dict[str, list[str]] = {}
    phrases = sorted(((p, m) for m, ps in MODALITY_WORDS.items() for p in ps), key=lambda pm: (-len(pm[0]), pm[0]))
    for phrase, modality in phrases:
        pattern = _phrase_pattern(phrase)
        found_here = pattern.findall(text)
        if found_here:
            found.setdefault(modality, []).extend([phrase] * len(found_here))
            text = pattern.sub(lambda match: " " * len(match.group()), text)
    return found


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A table phrase as a pattern: its words in order, "..." any words of one sentence between them."""
    parts = [r"\s+".join(map(re.escape, part.split())) for part in phrase.split("...")]
    return re.compile(r"\b" + r"\b[^.;:!?]*?\b".join(parts) + r"\b(?!\s*\d)")


def _modality_words(model: Ruleset, places: _Places) -> Iterator[LintFinding]:
    """Each rule whose quotes from its first clause (its own words; quotes from other clauses usually give its
    conditions, such as consent) have modal words that all signal one modality, not the rule's. Quotes with words
    of several modalities, or none, say nothing here: a clause often mixes a duty with its options."""
    for rule in model.rules:
        found: dict[str, list[str]] = {}
        for source in (s for s in rule.source if s.clause == rule.source[0].clause):
            for modality, words in modal_words(source.quote).items():
                found.setdefault(modality, []).extend(words)
        if len(found) != 1 or rule.modality in found:
            continue
        (modality, words), = found.items()
        shown = ", ".join(f'"{word}"' for word in dict.fromkeys(words))
        compiled = places.compiled.rule(rule.id)
        yield places.rule("lint.modality_word", compiled, f"its quote says {shown}, which signals `{modality}`, but "
                          f"its modality is `{rule.modality}`", key="modality",
                          hint="check the modality against the words (docs/ruleset-format.md, Modality)")  # fmt: skip


def _quote_findings(model: Ruleset, source: SourceMap, ruleset_file: Path | None,
                    sources: Path | None) -> Iterator[LintFinding]:  # fmt: skip
    """A quote not in the source text (an error), or the source text not found or unreadable (a warning)."""
    check = check_source_quotes(model, source, ruleset_file, sources)
    code = "lint.quote_not_in_source"
    for problem in check.problems:
        yield LintFinding(code, CHECKS[code].severity, problem.message, problem.path, problem.mark, problem.hint,
                          source_line=problem.source_line)  # fmt: skip
    if not check.checked:
        looked = ", ".join(str(place) for place in check.looked)
        code = "lint.source_text_not_found"
        why = "was not found" if check.reason == "not found" else f"cannot be used ({check.reason})"
        line = source.line(check.mark.line) if check.mark and source.text else None
        yield LintFinding(code, CHECKS[code].severity, f"source text {check.source_text!r} {why}, so its "
                          f"{check.quotes} quotes were not checked (looked in: {looked})", ("document", "source_text"),
                          check.mark, CHECKS[code].help, source_line=line)  # fmt: skip


# --- explanations ---------------------------------------------------------------------------------------------


def _explained(findings: list[LintFinding], model: Ruleset, places: _Places) -> Iterator[LintFinding]:
    """The findings, each one a `lint:` entry of its rule, definition or parameter allows marked with the reason,
    then a `lint.unused_allow` warning for each entry that allowed nothing."""
    entries: dict[tuple[str, str], list[tuple[tuple, Any]]] = {}
    owners: list[tuple[tuple[str, str], tuple, Any]] = []
    owners += [(("parameters", name), ("parameters", name), p) for name, p in model.parameters.items()]
    owners += [(("definitions", name), ("definitions", name), d) for name, d in model.definitions.items()]
    owners += [(("rules", rule.id), ("rules", index), rule) for index, rule in enumerate(model.rules)]
    for owner, path, item in owners:
        entries[owner] = [(path + ("lint", position), entry) for position, entry in enumerate(item.lint)]
    used: set[tuple] = set()
    for finding in findings:
        match = next(((path, entry) for owner in finding.owners for path, entry in entries.get(owner, ())
                      if entry.allow == finding.code), None)  # fmt: skip
        if match is None:
            yield finding
            continue
        used.add(match[0])
        yield replace(finding, allowed=match[1].reason, allowed_at=places.source.mark_for(match[0] + ("allow",)))
    for owner, path, item in owners:
        for entry_path, entry in entries[owner]:
            if entry_path not in used:
                what = f"{owner[0][:-1]} `{owner[1]}`"
                yield places.finding("lint.unused_allow", f"{what}: `allow: {entry.allow}` explains no finding",
                                     entry_path + ("allow",), (), hint="remove this `lint:` entry: what it "
                                     "explained is no longer found")  # fmt: skip


# --- output -------------------------------------------------------------------------------------------------


def render_lint_text(reports: Iterable[LintReport], *, show_allowed: bool = False) -> str:
    """Each ruleset's errors, then its warnings (and, with `show_allowed`, the findings its entries explain),
    each like a compiler diagnostic; a count per ruleset."""
    lines: list[str] = []
    for report in reports:
        allowed = report.allowed
        lines.append(f"{report.file}: {_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}"
                     f", {len(allowed)} explained in the ruleset")  # fmt: skip
        sections = [("errors", report.errors), ("warnings", report.warnings)]
        if show_allowed:
            sections.append(("explained in the ruleset (allowed)", allowed))
        for title, findings in sections:
            if findings:
                lines.append(f"{title}:")
                lines += [_render_finding(finding) for finding in findings]
    return "".join(line + "\n" for line in lines)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


def _render_finding(finding: LintFinding) -> str:
    where = f"{finding.mark}: " if finding.mark else (f"{render_path(finding.path)}: " if finding.path else "")
    lines = [f"{where}{finding.severity}[{finding.code}] {finding.message}"]
    if finding.mark and finding.source_line is not None:
        lines.append(f"    {finding.source_line.rstrip()}")
        lines.append("    " + " " * (finding.mark.column - 1) + "^" + "~" * max(finding.mark.width - 1, 0))
    if finding.witness is not None:
        lines.append(f"  witness: {json.dumps(finding.witness, ensure_ascii=False, sort_keys=True)}")
    if finding.hint:
        lines.append(f"  hint: {finding.hint}")
    if finding.allowed is not None:
        at = f" (line {finding.allowed_at.line})" if finding.allowed_at else ""
        lines.append(f"  allowed{at}: {' '.join(finding.allowed.split())}")
    return "\n".join(lines)


def render_lint_json(reports: Iterable[LintReport]) -> str:
    """The reports as one JSON document: each ruleset's errors, warnings and suppressed findings apart."""
    reports = list(reports)
    document = {
        "rulesets": [report.to_dict() for report in reports],
        "errors": sum(len(report.errors) for report in reports),
        "warnings": sum(len(report.warnings) for report in reports),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_lint_sarif(reports: Iterable[LintReport], *, version: str | None = None) -> str:
    """The reports as a SARIF 2.1.0 log (one run), for code-scanning tools: one rule per check with its help,
    a result per finding with its file, line and column, explained findings with an in-source suppression."""
    codes = list(CHECKS)
    driver: dict[str, Any] = {
        "name": "dapolicy",
        "rules": [{
            "id": check.code,
            "name": check.code.split(".", 1)[1],
            "shortDescription": {"text": check.summary},
            "help": {"text": f"{check.help} (docs/lint.md)"},
            "defaultConfiguration": {"level": check.severity},
        } for check in CHECKS.values()],
    }  # fmt: skip
    if version:
        driver["version"] = version
    results = [_sarif_result(finding, codes) for report in reports for finding in report.findings]
    log = {"$schema": _SARIF_SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _sarif_result(finding: LintFinding, codes: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": codes.index(finding.code),
        "level": finding.severity,
        "message": {"text": finding.message + (f" (hint: {finding.hint})" if finding.hint else "")},
    }
    if finding.mark is not None:
        result["locations"] = [{"physicalLocation": {
            "artifactLocation": {"uri": urllib.parse.quote(Path(finding.mark.file).as_posix())},
            "region": {"startLine": finding.mark.line, "startColumn": finding.mark.column},
        }}]  # fmt: skip
    if finding.witness is not None:
        result["properties"] = {"witness": finding.witness}
    if finding.allowed is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": " ".join(finding.allowed.split())}]
    return result

