"""JSON Schemas (draft 2020-12) of the four documents dapolicy reads or writes: ruleset, case, decision, comparison.

The ruleset schema is pydantic's schema of the models in model/ruleset.py, completed with what their validators
accept and pydantic cannot see (one source or a list, `exception_to` as one id, `when: true`, a year as a number),
what they refuse (a deadline with both units, a parameter with both `value` and `by_area`) and the vocabulary
that compiling checks (action ids, recipients, the `domestic_abuse` definition). Conditions and parameter names
are checked only by loading: JSON Schema cannot parse a condition. The case schema is `case_schema()`. The
decision and comparison schemas state every field that `Decision.to_dict`, `Comparison.to_dict` and
`Conformance.to_dict` produce (contract sections 5 and 8), and nothing else. docs/schemas.md is the guide.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from .errors import suggest
from .model.case import case_schema
from .model.vocabulary import ACTIONS, FACTS, MODALITIES, RECIPIENT

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_BASE = "https://dapolicy.invalid/"
_ID = r"^[a-z][a-z0-9_]*$"
_DOCUMENT_DATE = r"^\s*(19[0-9]{2}|20[0-9]{2}|2100)(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\s*$"
"""A document date as `Document._date` reads it (after stripping): YYYY, YYYY-MM or YYYY-MM-DD in the years
DOCUMENT_YEARS, a month 01-12 and a day 01-31 (that the day exists in its month only loading checks)."""

_FILE_NAME = r"^(?!\s*\.\.?\s*$)[^/\\]*$"
"""A file name as `Document._file_name` takes it (after stripping): no `/` or `\\`, and not `.` or `..`."""

_NULL = {"type": "null"}
_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": _TEXT}
_TRUTH = {"enum": ["yes", "no", "unknown"]}
_DIGEST = {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$", "description": "identifies the ruleset text, "
           "the statutory baseline it uses and any parameter overrides"}  # fmt: skip
_LONDON_TIME = {"type": "string", "format": "date-time", "description": "Europe/London time: GMT or BST",
                "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?\+0[01]:00$"}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a `ruleset`, `case`, `decision` or `comparison` document (ValueError for another kind)."""
    build = _BUILDERS.get(kind) if isinstance(kind, str) else None
    if build is None:
        near = suggest(kind, SCHEMA_KINDS) if isinstance(kind, str) else None
        raise ValueError(f"no schema of kind {kind!r}; kinds: {', '.join(SCHEMA_KINDS)}"
                         + (f" (did you mean {near!r}?)" if near else ""))  # fmt: skip
    return build()


# --- ruleset -----------------------------------------------------------------------------------------------------


def ruleset_schema() -> dict[str, Any]:
    """The ruleset file: the models' schema, with the forms the validators accept and the vocabulary's ids."""
    from .model.ruleset import Ruleset  # pydantic, imported when this schema is asked for

    generated = Ruleset.model_json_schema()
    defs = generated["$defs"]
    for model in defs.values():
        _accept_provenance(model)
        _accept_boolean_condition(model)
    _accept_rule_forms(defs["Rule"])
    _accept_deadline(defs["Due"])
    _accept_parameter(defs["Parameter"], due=_ref("Due"))
    _accept_document(defs["Document"])
    _require_definition(generated)
    _close_maps(generated)
    body = {key: value for key, value in generated.items() if key not in ("title", "$defs")}
    return _document("ruleset", "dapolicy ruleset", body, defs)


def _accept_provenance(model: dict[str, Any]) -> None:
    """`_Provenanced`: one source as a mapping or several as a list; at least one source or an assumption."""
    properties = model.get("properties", {})
    if "source" not in properties or "assumption" not in properties:
        return
    source = _ref("Source")
    properties["source"] = {**_notes(properties["source"]), "anyOf": [source, {"type": "array", "items": source}]}
    _require(model, {"anyOf": [
        {"required": ["source"], "properties": {"source": {"anyOf": [{"type": "object"}, {"minItems": 1}]}}},
        {"required": ["assumption"], "properties": {"assumption": {"type": "object"}}},
    ]})  # fmt: skip


def _accept_boolean_condition(model: dict[str, Any]) -> None:
    """`_condition_text`: `when: true` (or false, YAML's yes/no) is the condition `true`."""
    when = model.get("properties", {}).get("when")
    if when is not None:
        model["properties"]["when"] = {**_notes(when), "anyOf": [_bare(when), {"type": "boolean"}]}


def _accept_rule_forms(rule: dict[str, Any]) -> None:
    """`Rule`: `exception_to` as one id or a list; `due` a deadline, a parameter's name or null; the vocabulary's
    action ids and recipients (checked when compiling)."""
    properties = rule["properties"]
    identifier = {"type": "string", "pattern": _ID}
    properties["exception_to"] = {**_notes(properties["exception_to"]),
                                  "anyOf": [identifier, {"type": "array", "items": identifier}]}  # fmt: skip
    properties["due"] = {**_notes(properties["due"]), "anyOf": [_ref("Due"), identifier, _NULL]}
    properties["action"] = {**properties["action"], "enum": list(ACTIONS)}
    properties["recipient"] = {**_notes(properties["recipient"]), "anyOf": [{"enum": list(RECIPIENT.values)}, _NULL]}


def _accept_deadline(due: dict[str, Any]) -> None:
    """`Due._exactly_one`: `hours` or `working_days`, not both and not neither (null counts as not given)."""
    _require(due, {"oneOf": [{"required": [unit], "properties": {unit: {"type": "integer"}}}
                             for unit in due["properties"]]})  # fmt: skip


def _accept_parameter(parameter: dict[str, Any], due: dict[str, Any]) -> None:
    """`Parameter`: a mapping as a value is a deadline (`_deadline_shape`); `allowed` lists texts or numbers;
    exactly one of `value` or `by_area` (`_one_value`)."""
    properties = parameter["properties"]
    value = {"anyOf": [due, {"not": {"type": "object"}}]}
    properties["value"] = {**_notes(properties["value"]), **value}
    properties["by_area"] = {**_notes(properties["by_area"]),
                             "anyOf": [{"type": "object", "additionalProperties": value}, _NULL]}  # fmt: skip
    item = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "number"}]}
    properties["allowed"] = {**_notes(properties["allowed"]), "anyOf": [{"type": "array", "items": item}, _NULL]}
    _require(parameter, {"oneOf": [
        {"required": ["value"], "properties": {"value": {"not": _NULL}}},
        {"required": ["by_area"], "properties": {"by_area": {"type": "object"}}},
    ]})  # fmt: skip


def _accept_document(document: dict[str, Any]) -> None:
    """`Document`: `source_text` is a file name, not a path (`_file_name`); a date may be a year written as a number
    (`_year_as_text`) and is checked as `_date` checks it."""
    properties = document["properties"]
    source_text = properties["source_text"]
    properties["source_text"] = {**_notes(source_text), "allOf": [_bare(source_text), {"pattern": _FILE_NAME}]}
    for name in ("approved", "effective", "review"):
        properties[name] = {**_notes(properties[name]), "anyOf": [
            {"type": "string", "pattern": _DOCUMENT_DATE}, {"type": "integer", "minimum": 1900, "maximum": 2100}, _NULL,
        ]}  # fmt: skip


def _require_definition(ruleset: dict[str, Any]) -> None:
    """Compiling requires the `domestic_abuse` definition (`check_names`), so `definitions` must be given."""
    ruleset["required"] = [*ruleset["required"], "definitions"]
    ruleset["properties"]["definitions"]["required"] = ["domestic_abuse"]


def _close_maps(node: Any) -> None:
    """A mapping keyed by id (`parameters`, `definitions`) refuses a key that is not an id, as pydantic does."""
    if isinstance(node, dict):
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _close_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_maps(value)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _notes(property_: dict[str, Any]) -> dict[str, Any]:
    """The annotations of a property (title, description, default), kept when its accepted forms are rewritten."""
    return {key: property_[key] for key in ("title", "description", "default") if key in property_}


def _bare(property_: dict[str, Any]) -> dict[str, Any]:
    """A property without its annotations: the form itself."""
    return {key: value for key, value in property_.items() if key not in ("title", "description", "default")}


def _require(model: dict[str, Any], constraint: dict[str, Any]) -> None:
    model.setdefault("allOf", []).append(constraint)


# --- decision ----------------------------------------------------------------------------------------------------


def decision_schema() -> dict[str, Any]:
    """The decision document (`Decision.to_dict`, contract section 5), and the trace `explain --format json` adds."""
    return _document("decision", "dapolicy decision document", _closed(
        "What the ruleset requires for one case: actions that hold, actions waiting on facts, conflicts, warnings.",
        policy=({"$ref": "#/$defs/policy"}, "the ruleset that decided"),
        domestic_abuse=({"$ref": "#/$defs/domestic_abuse"}, "whether the case is domestic abuse"),
        actions=({"type": "array", "items": {"$ref": "#/$defs/action"}},
                 "each action whose conditions hold, ordered by due (nulls last), then id, then recipient"),
        undecided=({"type": "array", "items": {"$ref": "#/$defs/undecided"}},
                   "each action whose conditions depend on facts the case does not give, ordered by id"),
        conflicts=({"type": "array", "items": {"$ref": "#/$defs/conflict"}},
                   "each action the ruleset both forbids and requires or permits for this case, ordered by id"),
        warnings=(_TEXTS, "e.g. the policy's review date had passed when the report was received"),
        trace=({"type": "array", "items": {"$ref": "#/$defs/trace_event"}},
               "only from `dapolicy explain --format json`: how the decision was reached"),
        optional=("trace",),
    ), _decision_defs())  # fmt: skip


def _decision_defs() -> dict[str, Any]:
    modality = {"enum": list(MODALITIES)}
    action = {"enum": list(ACTIONS), "description": "an action id of the vocabulary (docs/vocabulary.md)"}
    recipient = {"anyOf": [{"enum": list(RECIPIENT.values)}, _NULL],
                 "description": "for the sharing actions, to whom the information goes; null for other actions"}
    missing = {"type": "array", "items": {"enum": list(FACTS)}}
    citations = {"type": "array", "items": {"$ref": "#/$defs/citation"}}
    rules = (_TEXTS, "the ids of the rules that gave the entry")
    overrides = (_TEXTS, "the rules an exception displaced for this case")
    return {
        "policy": _closed("The ruleset.", id=(_TEXT, "the ruleset id"), landlord=(_TEXT, "the landlord's name"),
                          version=(_TEXT, "the source document's version"),
                          effective=({"anyOf": [_TEXT, _NULL]}, "the date this version took effect (YYYY, YYYY-MM "
                                     "or YYYY-MM-DD, as its document writes it), or null where it gives none"),
                          digest=(_DIGEST, None)),
        "domestic_abuse": _closed(
            "`value` by the landlord's own definition, `statutory` by the Domestic Abuse Act 2021 ss.1-2.",
            value=(_TRUTH, "by the landlord's definition"), statutory=(_TRUTH, "by the Act's definition"),
            reasons=(_TEXTS, "each part of each definition, with its clause"),
            missing=(missing, "the facts that would settle an `unknown`"),
            assumptions=(_TEXTS, "the readings the two definitions rest on")),
        "citation": _closed("A clause of the source document and its verbatim words.", document=(_TEXT, "its title"),
                            clause=(_TEXT, None), quote=(_TEXT, None)),
        "action": _closed(
            "An action whose conditions hold: the strongest modality, the earliest due, every citation.",
            id=(action, None), recipient=(recipient, None), modality=(modality, None),
            due=({"anyOf": [_LONDON_TIME, _NULL]},
                 "the deadline, ISO 8601 with the Europe/London offset; null where the policy sets no time or "
                 "`reported_at` is unknown"),
            authority=({"anyOf": [_TEXT, _NULL]}, "who must approve it (`safeguarding_lead`, `marac_chair or "
                       "safeguarding_lead`), or null"),
            missing=(missing, "facts that could still change this entry (`reported_at` for a deadline waiting on it)"),
            citations=(citations, None), because=(_TEXTS, "the deadline's reasoning and each rule that applied"),
            rules=rules, overrides=overrides, assumptions=(_TEXTS, "the readings the entry rests on")),
        "undecided": _closed(
            "An action that depends on facts the case does not give.",
            id=(action, None), recipient=(recipient, None),
            modality=(modality, "what it would be if it applies (`must_not` where a prohibition may still apply)"),
            modalities=({"type": "array", "items": modality}, "every outcome still possible"),
            missing=(missing, "the unknown facts that could settle it"), citations=(citations, None),
            rules=rules, overrides=overrides),
        "conflict": _closed(
            "An action the ruleset both forbids and requires or permits for this case.",
            id=(action, None), recipient=(recipient, None),
            modalities=({"type": "array", "items": modality}, "the modalities in conflict"),
            citations=(citations, None), rules=rules, overrides=overrides),
        "trace_event": _closed(
            "One step of the evaluation; no timestamps, so the same case gives the same trace.",
            seq=({"type": "integer", "minimum": 1}, "its place in the trace"),
            parent=({"anyOf": [{"type": "integer", "minimum": 1}, _NULL]}, "the `seq` of the event it belongs to"),
            kind=({"enum": ["definition", "action", "undecided", "conflict", "not_applicable", "mixed", "rule",
                            "overridden"]}, None),
            message=(_TEXT, "the step in one sentence"), rule=({"anyOf": [_TEXT, _NULL]}, "the rule id"),
            action=({"anyOf": [_TEXT, _NULL]}, "the action id"), truth=({"anyOf": [_TRUTH, _NULL]}, None),
            facts=({"type": "object"}, "the facts the rule read, with their values"),
            missing=(missing, "the unknown facts it waits on"), clauses=(_TEXTS, "the clauses cited"),
            parameters=(_TEXTS, "the parameters used")),
    }  # fmt: skip


# --- comparison and conformance ----------------------------------------------------------------------------------


def comparison_schema() -> dict[str, Any]:
    """The comparison document (`Comparison.to_dict`, contract section 8) or the conformance document
    (`Conformance.to_dict`): both are printed by `compare` and `conformance --format json`."""
    policy = _closed("A ruleset.", id=(_TEXT, "the ruleset id"), digest=(_DIGEST, None))
    side = {"anyOf": [{"$ref": "#/$defs/outcome"}, _NULL], "description": "that side's outcome for the witness, "
            "null where the action is absent"}  # fmt: skip
    witness = ({"$ref": "#/$defs/case"}, "a case document that shows the difference when evaluated with both")
    comparison = _closed(
        "In which cases two rulesets lead to different outcomes (exact, with a witness case for each).",
        left=(policy, None), right=(policy, None), equivalent=({"type": "boolean"}, "no case differs"),
        differences=({"type": "array", "items": _closed(
            "One way the two rulesets differ.",
            subject=({"anyOf": [{"const": "domestic_abuse"}, {"enum": list(ACTIONS)}]},
                     "an action id, or `domestic_abuse` for the definition"),
            aspect=({"enum": ["presence", "decided", "recipient", "modality", "due", "authority", "value",
                              "statutory"]}, "`value` and `statutory` are the definition's aspects"),
            recipient=({"anyOf": [{"enum": list(RECIPIENT.values)}, _NULL]},
                       "the recipient it is about, for the sharing actions; null for other actions"),
            left=(side, None), right=(side, None), witness=witness)},
            "ordered by subject, then aspect, then recipient"),
    )  # fmt: skip
    conformance = _closed(
        "Where a landlord's ruleset falls short of the statutory baseline.",
        policy=(policy, "the landlord's ruleset"),
        baseline=(_closed("The statutory baseline, as loaded for this landlord.", id=(_TEXT, None),
                          digest=(_DIGEST, None), parameters=({"type": "object"}, "the parameters it was loaded with")),
                  None),
        assumptions=(_TEXTS, "the readings taken in loading the baseline"),
        conforms=({"type": "boolean"}, "no finding is a shortfall"),
        findings=({"type": "array", "items": _closed(
            "One way the ruleset departs from the baseline.",
            subject=({"anyOf": [{"const": "domestic_abuse"}, {"enum": list(ACTIONS)}]}, None),
            finding=({"enum": ["narrower", "wider", "missing", "weaker", "forbidden", "conflict", "permitted"]},
                     "`wider` is the one finding that is not a shortfall"),
            policy=(side, "the ruleset's outcome for the witness"),
            baseline=(side, "the baseline's outcome for the witness"), witness=witness)},
            "the definition's first, then each action's in alphabetical order"),
    )  # fmt: skip
    defs = {"comparison": comparison, "conformance": conformance, "outcome": _outcome(), "case": _embedded_case()}
    return _document("comparison", "dapolicy comparison or conformance document",
                     {"oneOf": [{"$ref": "#/$defs/comparison"}, {"$ref": "#/$defs/conformance"}]}, defs)  # fmt: skip


def _outcome() -> dict[str, Any]:
    """One side's outcome for a witness: the definition's answer, an action in `actions`, a conflict, undecided."""
    modalities = {"type": "array", "items": {"enum": list(MODALITIES)}}
    citations = ({"type": "array", "items": _closed("A clause and its verbatim words.", clause=(_TEXT, None),
                                                    quote=(_TEXT, None))}, None)  # fmt: skip
    return {"oneOf": [
        _closed("The landlord's definition (with its clauses in a conformance finding).", value=(_TRUTH, None),
                citations=citations, optional=("citations",)),
        _closed("The Act's definition.", statutory=(_TRUTH, None), citations=citations, optional=("citations",)),
        _closed("The action applies.", modality=({"enum": list(MODALITIES)}, None),
                due=({"anyOf": [_LONDON_TIME, _NULL]}, None), authority=({"anyOf": [_TEXT, _NULL]}, None),
                citations=citations),
        _closed("The ruleset both requires (or permits) and forbids the action.", conflict=(modalities, None),
                citations=citations),
        _closed("The action waits on facts.", undecided=(modalities, "every outcome still possible"),
                missing=({"type": "array", "items": {"enum": list(FACTS)}}, None), citations=citations),
    ]}  # fmt: skip


def _embedded_case() -> dict[str, Any]:
    """The case schema for use inside another schema (its `$schema` and `$id` belong to the published file)."""
    return {key: value for key, value in case_schema().items() if key not in ("$schema", "$id")}


# --- helpers -----------------------------------------------------------------------------------------------------


_Field = tuple[dict[str, Any], str | None]
"""A field of a document: its schema, and what it means (None: the schema says it)."""


def _closed(description: str, *, optional: tuple[str, ...] = (), **fields: _Field) -> dict[str, Any]:
    """An object with exactly these fields (each `(schema, description)`), all required except `optional`."""
    properties = {name: {**copy.deepcopy(form), **({"description": note} if note else {})}
                  for name, (form, note) in fields.items()}  # fmt: skip
    return {"type": "object", "description": description, "additionalProperties": False, "properties": properties,
            "required": [name for name in fields if name not in optional]}  # fmt: skip


def _document(kind: str, title: str, body: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": _BASE + f"{kind}.schema.json", "title": title, **body, "$defs": defs}


_BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "ruleset": ruleset_schema,
    "case": case_schema,
    "decision": decision_schema,
    "comparison": comparison_schema,
}
SCHEMA_KINDS: tuple[str, ...] = tuple(_BUILDERS)
"""The kinds of document with a schema, as `dapolicy schema KIND` names them."""

__all__ = ["SCHEMA_KINDS", "comparison_schema", "decision_schema", "ruleset_schema", "schema"]
