"""The HTTP service (issue 14): the library's API over HTTP, for housing systems that are not Python.

`create_app()` gives a FastAPI application; `dapolicy serve` runs it with uvicorn (the `server` extra). Like the
command line it calls only the public API, and answers with exactly the library's documents: the decision
document for `evaluate`, the comparison document for `compare`. Every mistake in a request is a 4xx whose body
says where (the case's field path, or the ruleset's line and column) and what, with the same codes the library
uses (`case.unknown_field`, `load.yaml_syntax`, …); never a 500.

Safety: it binds to loopback unless told otherwise (`dapolicy serve --host`), reads at most `max_body` bytes of
a request, gives a comparison at most `compare_seconds` (in a child process, stopped at the limit), and takes no
file path from the network: a ruleset is a bundled id, one from the `--policies` folder the service was started
with, or a ruleset's text. docs/server.md is the guide.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path
from typing import Any, Callable

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import (BufferSink, CaseError, Decision, Policy, PolicyError, Problem, bundled_ids, check_text_quotes,
               compare, lint_text, load_case, load_policy, load_policy_text, render_explanation, schema)
from ._version import __version__
from .api import _bundled_dir  # where the bundled rulesets' texts are (the api stage comes before this one)
from .audit import DecisionLog
from .errors import suggest
from .versions import VERSION_MARK, Version, as_day, check_versions, in_force

#: The largest request body read, in bytes: a case is a few hundred bytes and the largest bundled ruleset 75 KB;
#: the library refuses a ruleset over 1 MiB, and so does the service.
MAX_BODY = 1024 * 1024 + 4096
#: The longest a comparison may take, in seconds (every pair of bundled rulesets takes under 2 s).
COMPARE_SECONDS = 30.0
_JSON = "application/json"
#: The `?on=YYYY-MM-DD` of the endpoints that take a ruleset id: the version in force that day.
_ON = Query(None, description="a day, YYYY-MM-DD: the version of the ruleset in force that day (default: the one "
            "served when no day is asked for, <id>.yaml)")  # fmt: skip
_WAIT_STEP = 0.05  # seconds between looks at a comparison's child process


class _Refused(Exception):
    """A request the service refuses: its status and the `error` object of the answer."""

    def __init__(self, status: int, code: str, message: str, **details: Any):
        super().__init__(message)
        self.status = status
        self.error = {"code": code, "message": message, **{k: v for k, v in details.items() if v is not None}}


def create_app(*, policies: Path | None = None, sources: Path | None = None, max_body: int = MAX_BODY,
               compare_seconds: float = COMPARE_SECONDS, log: DecisionLog | None = None) -> FastAPI:  # fmt: skip
    """The application: the bundled rulesets and those in the folder `policies` (each `*.yaml` but the
    `*.tests.yaml`, by the id each gives; PolicyError if one does not load or repeats an id), `sources`, the
    folder of source texts that `validate` checks quotes against (default: as `dapolicy validate` looks), and
    `log`, where each decision is recorded (none by default)."""
    registry = _Registry(policies)
    app = FastAPI(title="dapolicy", version=__version__, docs_url=None, redoc_url=None,  # their pages load scripts
                  description="Domestic-abuse policies as rulesets, applied to the facts of a case: what a landlord "
                              "must, should or may do, by when, and the clause it comes from.")  # fmt: skip

    @app.exception_handler(_Refused)
    async def refused(request: Request, error: _Refused) -> JSONResponse:
        return JSONResponse({"error": error.error}, status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "request.not_found", 405: "request.method_not_allowed"}.get(error.status_code, "request.refused")
        return JSONResponse({"error": {"code": code, "message": str(error.detail)}}, status_code=error.status_code)

    @app.get("/v1/policies", summary="The rulesets the service holds")
    def list_policies() -> dict[str, Any]:
        return {"policies": [{**_summary(policy), "source": registry.sources[policy.id],
                              "versions": [_version_summary(v) for v in registry.listed(policy.id)]}
                             for policy in registry.all()]}  # fmt: skip

    @app.get("/v1/policies/{policy_id}", summary="One ruleset: its summary, actions and YAML text")
    def get_policy(policy_id: str, on: str | None = _ON) -> dict[str, Any]:
        policy, text = registry.get(policy_id, on)
        return {**_summary(policy), "actions": sorted(policy.compiled.actions), "ruleset": text}

    @app.post("/v1/policies/{policy_id}/evaluate", summary="The decision document for a case",
              openapi_extra=_body(schema("case"), "the case document (contract section 4)"))  # fmt: skip
    async def evaluate_case(policy_id: str, request: Request, on: str | None = _ON) -> JSONResponse:
        policy, _ = registry.get(policy_id, on)
        case = _case(await _read_body(request, max_body))
        document = _decide(policy, case).to_dict()
        return JSONResponse(document, headers=_logged(log, policy, case, document))

    @app.post("/v1/policies/{policy_id}/explain", summary="The decision with its reasons: trace events and text",
              openapi_extra=_body(schema("case"), "the case document (contract section 4)"))  # fmt: skip
    async def explain_case(policy_id: str, request: Request, on: str | None = _ON) -> JSONResponse:
        policy, _ = registry.get(policy_id, on)
        case = _case(await _read_body(request, max_body))
        sink = BufferSink()
        decision = _decide(policy, case, sink)
        document = decision.to_dict()
        return JSONResponse({**document, "trace": [event.to_dict() for event in sink.events],
                             "explanation": render_explanation(decision)},
                            headers=_logged(log, policy, case, document))  # fmt: skip

    @app.post("/v1/evaluate", summary="The decision document for a case under a ruleset given by id or as its text",
              openapi_extra=_body(_EVALUATE_BODY, "the ruleset (an id, or its YAML text) and the case"))  # fmt: skip
    async def evaluate_with(request: Request) -> JSONResponse:
        body = _object(await _read_body(request, max_body))
        if "policy" in body:
            policy = registry.side(body, "policy")
        else:  # compiling takes tens of milliseconds: off the event loop, so other requests go on
            policy = await run_in_threadpool(_load_text, *_ruleset_text(body))
        case = body.get("case", {})
        document = _decide(policy, case).to_dict()
        return JSONResponse(document, headers=_logged(log, policy, case, document))

    @app.get("/v1/schemas/{kind}", summary="The JSON Schema of a ruleset, case, decision or comparison document")
    def get_schema(kind: str) -> dict[str, Any]:
        try:
            return schema(kind)
        except ValueError as error:
            raise _Refused(404, "schema.not_found", str(error)) from None

    @app.get("/docs", include_in_schema=False)
    def api_documentation() -> HTMLResponse:
        return HTMLResponse(_documentation(app.openapi()))

    @app.get("/", include_in_schema=False)
    def playground() -> HTMLResponse:
        return HTMLResponse(_playground_file("index.html"))

    @app.get("/playground/{name}", include_in_schema=False)
    def playground_file(name: str) -> Response:
        if name not in _PLAYGROUND_TYPES:
            raise _Refused(404, "request.not_found", f"no playground file {name[:100]!r}")
        return Response(_playground_file(name), media_type=_PLAYGROUND_TYPES[name])

    @app.post("/v1/compare", summary="Every way two rulesets differ, with witnesses",
              openapi_extra=_body(_COMPARE_BODY, "the two rulesets: bundled ids or ruleset texts"))  # fmt: skip
    async def compare_rulesets(request: Request) -> JSONResponse:
        body = _object(await _read_body(request, max_body))
        left, right = [await run_in_threadpool(registry.side, body, side) for side in ("left", "right")]
        return JSONResponse(await run_in_threadpool(_compare_within, left, right, compare_seconds))

    @app.post("/v1/validate", summary="Load a ruleset and check its quotes: its problems with line and column",
              openapi_extra=_body(_RULESET_TEXT, "the ruleset's text"))  # fmt: skip
    async def validate_ruleset(request: Request) -> JSONResponse:
        text, name = _ruleset_text(_object(await _read_body(request, max_body)))
        return JSONResponse(await run_in_threadpool(_validated, text, name, sources))

    @app.post("/v1/lint", summary="What a ruleset that loads may still get wrong, with line and column",
              openapi_extra=_body(_RULESET_TEXT, "the ruleset's text"))  # fmt: skip
    async def lint_ruleset(request: Request) -> JSONResponse:
        text, name = _ruleset_text(_object(await _read_body(request, max_body)))
        return JSONResponse(await run_in_threadpool(_linted, text, name, sources))

    return app


# --- rulesets -----------------------------------------------------------------------------------------------------


class _Registry:
    """The rulesets the service answers for, by id, with their texts and where each came from; loaded once, when
    the service starts. A ruleset in the folder replaces a bundled one of the same id (a landlord's draft of its
    own policy). Several files in the folder with one id are that ruleset's versions when they are named as
    versions are (`<id>.yaml`, served when no day is asked for, and `<id>@<label>.yaml`) and their dates tell
    them apart; else the service does not start."""

    def __init__(self, folder: Path | None):
        self.versions: dict[str, list[tuple[str, Policy, str]]] = {}  # file name, ruleset, text; the default first
        self.sources: dict[str, str] = {}
        for policy_id in bundled_ids():
            text = (_bundled_dir() / f"{policy_id}.yaml").read_text(encoding="utf-8")
            self.versions[policy_id] = [(f"{policy_id}.yaml", load_policy(policy_id), text)]
            self.sources[policy_id] = "bundled"
        if folder is None:
            return
        own: dict[str, list[Path]] = {}
        for file in sorted(folder.glob("*.yaml")):
            if not file.name.endswith(".tests.yaml"):
                own.setdefault(load_policy(file).id, []).append(file)
        for policy_id, files in own.items():
            if len(files) == 1:
                self.versions[policy_id] = [(files[0].name, load_policy(files[0]), files[0].read_text("utf-8"))]
                self.sources[policy_id] = files[0].name
                continue
            strays = [f for f in files if f.name != f"{policy_id}.yaml" and not f.name.startswith(f"{policy_id}{VERSION_MARK}")]
            if strays:
                raise PolicyError([Problem("serve.duplicate_id", f"{strays[0]} and {next(f for f in files if f != strays[0])} "
                                           f"both give the id {policy_id!r}", hint="give each ruleset its own id, or "
                                           f"name versions of one {policy_id}.yaml and {policy_id}@<label>.yaml")])  # fmt: skip
            load_policy(policy_id, folder=folder)  # refuses versions without one <id>.yaml to serve by default
            loaded = sorted(((file.name, load_policy(file), file.read_text("utf-8")) for file in files),
                            key=lambda version: version[0] != f"{policy_id}.yaml")  # fmt: skip
            check_versions(policy_id, [Version(name, p.version, p.compiled.start) for name, p, _ in loaded])
            self.versions[policy_id] = loaded
            self.sources[policy_id] = f"{policy_id}.yaml"

    def all(self) -> list[Policy]:
        return [versions[0][1] for versions in self.versions.values()]

    def listed(self, policy_id: str) -> list[Policy]:
        """Every version of a ruleset, earliest first."""
        return sorted((policy for _, policy, _ in self.versions[policy_id]), key=_start_order)

    def get(self, policy_id: str, on: str | None = None) -> tuple[Policy, str]:
        """The ruleset and its text: the one served when no day is asked for, or the version in force `on` (422
        when none was, or a version's month or year leaves it open)."""
        found = self.versions.get(policy_id)
        if found is None:
            near = suggest(policy_id, self.versions) if len(policy_id) <= 100 else None
            raise _Refused(404, "policy.not_found", f"no ruleset {policy_id[:100]!r} here "
                           f"(rulesets: {', '.join(sorted(self.versions))})",
                           hint=f"did you mean {near!r}?" if near else None)  # fmt: skip
        if on is None:
            return found[0][1:]
        try:
            chosen = in_force(policy_id, [Version(name, p.version, p.compiled.start) for name, p, _ in found], as_day(on))
        except PolicyError as error:
            problem = error.problems[0]  # the folder's versions were checked at start: one problem, of the day
            raise _Refused(422, problem.code, problem.message, hint=problem.hint, path="on") from None
        return next((policy, text) for name, policy, text in found if name == chosen.name)

    def side(self, body: dict[str, Any], side: str) -> Policy:
        """One side of a comparison: a ruleset id the service holds, or `{"ruleset": text}`."""
        given = body.get(side)
        if isinstance(given, str):
            return self.get(given)[0]
        if isinstance(given, dict):
            text, name = _ruleset_text(given, f"{side}.")
            return _load_text(text, name)
        raise _Refused(422, "request.invalid", f"{side}: give a ruleset id (text) or {{\"ruleset\": \"<YAML>\"}}",
                       path=side)  # fmt: skip


#: The playground's files (served at `/` and `/playground/NAME`): plain HTML, CSS and JavaScript, no build step.
_PLAYGROUND_TYPES = {"index.html": "text/html", "app.js": "text/javascript", "style.css": "text/css"}


def _documentation(openapi: dict[str, Any]) -> str:
    """The API's documentation as one page made from its OpenAPI document, with nothing loaded from elsewhere
    (FastAPI's own pages fetch their scripts from a CDN, which a closed network cannot reach)."""
    from html import escape

    sections = []
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get(_JSON, {}).get("schema")
            shown = (f"<details><summary>request body: {escape(operation['requestBody'].get('description', ''))}"
                     f"</summary><pre>{escape(json.dumps(body, indent=1))}</pre></details>") if body else ""
            sections.append(f"<section><h2><code>{method.upper()} {escape(path)}</code></h2>"
                            f"<p>{escape(operation.get('summary', ''))}</p>{shown}</section>")  # fmt: skip
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>dapolicy API</title></head><body>"
            f"<h1>dapolicy API {escape(openapi['info']['version'])}</h1><p>{escape(openapi['info']['description'])}</p>"
            "<p>The OpenAPI document: <a href=\"/openapi.json\">/openapi.json</a>. Errors: docs/server.md. "
            "The playground: <a href=\"/\">/</a>.</p>" + "".join(sections) + "</body></html>")  # fmt: skip


def _playground_file(name: str) -> str:
    import importlib.resources

    return (importlib.resources.files("dapolicy") / "playground" / name).read_text(encoding="utf-8")


def _summary(policy: Policy) -> dict[str, Any]:
    compiled = policy.compiled
    return {"id": policy.id, "landlord": policy.landlord, "title": compiled.title, "version": policy.version,
            "effective": policy.effective, "digest": policy.digest}  # fmt: skip


def _version_summary(policy: Policy) -> dict[str, Any]:
    start = policy.compiled.start
    return {"version": policy.version, "effective": policy.effective,
            "in_force_from": None if start is None else start.text, "digest": policy.digest}  # fmt: skip


def _start_order(policy: Policy) -> tuple:
    start = policy.compiled.start
    return (start is None, start.first if start else None)



def _validated(text: str, name: str, sources: Path | None) -> dict[str, Any]:
    """What validate answers for a ruleset's text: its summary and quote check, or 422 with its problems."""
    policy = _load_text(text, name)
    check = check_text_quotes(text, name, sources)
    assert check is not None  # the text loaded
    if check.problems:
        raise _ruleset_refused(PolicyError(list(check.problems)))
    return {"ok": True, **_summary(policy), "rules": len(policy.compiled.rules),
            "definitions": len(policy.compiled.definitions), "quotes": _quotes(check)}  # fmt: skip


def _linted(text: str, name: str, sources: Path | None) -> dict[str, Any]:
    """What lint answers for a ruleset's text: its report, or 422 with its problems if it does not load."""
    try:
        report = lint_text(text, name, sources=sources)
    except PolicyError as error:
        raise _ruleset_refused(error) from None
    return {**report.to_dict(), "passed": report.passed}


def _load_text(text: str, name: str) -> Policy:
    try:
        return load_policy_text(text, name)
    except PolicyError as error:
        raise _ruleset_refused(error) from None


def _ruleset_refused(error: PolicyError) -> _Refused:
    problems = [_problem(problem) for problem in error.problems]
    first = problems[0] if problems else {"code": "load.invalid", "message": str(error)}
    return _Refused(422, first["code"], f"{len(problems)} problem{'s' * (len(problems) != 1)} in the ruleset: "
                    f"{first['message']}", problems=problems)  # fmt: skip


def _problem(problem: Problem) -> dict[str, Any]:
    """A ruleset problem as the service answers it: code, message, key path, line and column, hint."""
    mark = problem.mark
    return {"code": problem.code, "message": problem.message, "path": problem.path_text(),
            "line": mark.line if mark else None, "column": mark.column if mark else None,
            "width": mark.width if mark else None, "hint": problem.hint}  # fmt: skip


def _quotes(check: Any) -> dict[str, Any]:
    return {"checked": check.checked, "count": check.quotes, "source_text": check.source_text,
            "reason": None if check.checked else check.reason}  # fmt: skip


# --- requests -----------------------------------------------------------------------------------------------------


async def _read_body(request: Request, limit: int) -> str:
    """The request body as text, at most `limit` bytes (413 past it, without reading the rest); 422 if not UTF-8."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Refused(422, "request.encoding", f"the body is not UTF-8 (byte {error.start})") from None


def _too_large(limit: int) -> _Refused:
    return _Refused(413, "request.too_large", f"the body is larger than {limit:,} bytes")


def _case(text: str) -> dict[str, Any]:
    """The case document of a request body (JSON), with the library's reading of it."""
    if not text.strip():
        raise _Refused(422, "case.empty", "the body holds no case document", path="",
                       hint="send a JSON object of facts, e.g. {\"survivor\": {\"age\": 30}}; {} if none is known")  # fmt: skip
    try:
        return load_case(text, "case.json")
    except CaseError as error:
        raise _case_refused(error) from None


def _decide(policy: Policy, case: dict[str, Any], sink: Any = None) -> Decision:
    try:
        return policy.evaluate(case, sink=sink)
    except CaseError as error:
        raise _case_refused(error) from None


def _logged(log: DecisionLog | None, policy: Policy, case: dict[str, Any], document: dict[str, Any]) -> dict[str, str]:
    """Record the decision in the log, if there is one; the response headers that name it."""
    if log is None:
        return {}
    return {"X-Decision-Id": log.record(policy, case, document)}


def _case_refused(error: CaseError) -> _Refused:
    return _Refused(422, error.code, error.detail, path=error.path, hint=error.hint)


def _object(text: str) -> dict[str, Any]:
    """A request body that is a JSON object (a key given twice is refused, as the library refuses it)."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in items:
            if key in found:
                raise _Refused(422, "request.duplicate_key", f"the key {key[:80]!r} is given twice", path=key[:80])
            found[key] = value
        return found

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        raise _Refused(422, "request.json_syntax", f"the body is not JSON: {error}") from None
    if not isinstance(value, dict):
        raise _Refused(422, "request.invalid", "the body is a JSON object")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _ruleset_text(body: dict[str, Any], prefix: str = "") -> tuple[str, str]:
    """The ruleset text of a body `{"ruleset": text, "name": name}` (the name shown in messages, optional)."""
    text, name = body.get("ruleset"), body.get("name", "ruleset.yaml")
    if not isinstance(text, str):
        raise _Refused(422, "request.invalid", f"{prefix}ruleset: give the ruleset's YAML text as a string",
                       path=f"{prefix}ruleset")  # fmt: skip
    if not isinstance(name, str) or not name.strip() or "/" in name or "\\" in name or len(name) > 100:
        raise _Refused(422, "request.invalid", f"{prefix}name: a file name of at most 100 characters, no folders",
                       path=f"{prefix}name")  # fmt: skip
    return text, name


# --- comparison within a time limit ----------------------------------------------------------------------------


def _compare_within(left: Policy, right: Policy, seconds: float) -> dict[str, Any]:
    """The comparison document, worked out in a child process that is stopped after `seconds` (z3 cannot be
    interrupted from another thread): 503 at the limit."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_compare_in_child, args=(left, right, sending), daemon=True)
    child.start()
    sending.close()
    deadline = time.monotonic() + seconds
    try:
        while not receiving.poll(_WAIT_STEP):
            if not child.is_alive() and not receiving.poll(0):
                raise _Refused(503, "compare.failed", "the comparison stopped before it finished")
            if time.monotonic() > deadline:
                raise _Refused(503, "compare.timeout", f"the comparison took longer than {seconds:g} s and was "
                               "stopped", hint="compare rulesets with fewer timed rules for one action, or run "
                               "dapolicy compare on a machine of your own")  # fmt: skip
        outcome, value = receiving.recv()
    except EOFError:
        raise _Refused(503, "compare.failed", "the comparison stopped before it finished") from None
    finally:
        receiving.close()
        if child.is_alive():
            child.terminate()
        child.join(5)
    if outcome != "ok":
        raise _Refused(503, "compare.failed", f"the comparison failed: {value}")
    return value


def _compare_in_child(left: Policy, right: Policy, sending: Any) -> None:
    try:
        sending.send(("ok", compare(left, right).to_dict()))
    except Exception as error:  # reported to the parent as a 503, never a traceback on the service's output
        sending.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sending.close()


# --- the OpenAPI document ----------------------------------------------------------------------------------------


def _body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """The OpenAPI request body of an endpoint that reads its body itself (to answer every mistake in our words)."""
    shown = {key: value for key, value in schema.items() if key not in ("$schema", "$id")}
    return {"requestBody": {"required": True, "description": description, "content": {_JSON: {"schema": shown}}}}


_RULESET_TEXT = {"type": "object", "required": ["ruleset"], "additionalProperties": False,
                 "properties": {"ruleset": {"type": "string", "description": "the ruleset's YAML text"},
                                "name": {"type": "string", "description": "a file name shown in messages"}}}  # fmt: skip
_SIDE = {"oneOf": [{"type": "string", "description": "the id of a ruleset the service holds"}, _RULESET_TEXT]}
_EVALUATE_BODY = {"type": "object", "additionalProperties": False,
                  "properties": {"policy": {"type": "string", "description": "the id of a ruleset the service holds"},
                                 "ruleset": {"type": "string", "description": "a ruleset's YAML text, if no policy"},
                                 "name": {"type": "string", "description": "a file name shown in messages"},
                                 "case": {"type": "object", "description": "the case document"}}}  # fmt: skip
_COMPARE_BODY = {"type": "object", "required": ["left", "right"], "additionalProperties": False,
                 "properties": {"left": _SIDE, "right": _SIDE}}  # fmt: skip


def serve(host: str, port: int, *, policies: Path | None, sources: Path | None, log: DecisionLog | None = None,
          started: Callable[[str], None] = print) -> None:  # fmt: skip
    """Run the service with uvicorn until interrupted."""
    import uvicorn

    app = create_app(policies=policies, sources=sources, log=log)
    started(f"dapolicy: serving on http://{host}:{port} (the API's documentation at /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
