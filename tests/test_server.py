"""The HTTP service (issue 14), through FastAPI's test client: each endpoint answers with exactly the library's
document, and every mistake in a request is a 4xx naming the field path or the ruleset's line and column, with
the library's code; never a 500."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dapolicy
from dapolicy.audit import DecisionLog
from dapolicy.server import create_app

REPO = Path(__file__).resolve().parents[1]
HPG = (REPO / "policies" / "hpg.yaml").read_text(encoding="utf-8")
FRIDAY = {"reported_at": "2026-12-18T16:30", "report_source": "survivor", "relationship": "spouse",
          "behaviours": ["physical"], "survivor": {"age": 34, "is_customer": True}, "perpetrator": {"age": 37}}  # fmt: skip


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def error_of(response) -> dict:
    return response.json()["error"]


# --- rulesets -------------------------------------------------------------------------------------------------


def test_the_policies_are_listed_with_landlord_version_and_digest(client):
    listed = client.get("/v1/policies").json()["policies"]
    assert [policy["id"] for policy in listed] == list(dapolicy.bundled_ids())
    hpg = next(policy for policy in listed if policy["id"] == "hpg")
    assert hpg == {"id": "hpg", "landlord": "Housing Plus Group", "title": "Housing Plus Group Domestic abuse policy",
                   "version": "1", "effective": None, "digest": dapolicy.load_policy("hpg").digest, "source": "bundled",
                   "versions": [{"version": "1", "effective": None, "in_force_from": "2021-05",
                                 "digest": dapolicy.load_policy("hpg").digest}]}  # fmt: skip


def test_one_policy_gives_its_actions_and_its_text(client):
    answer = client.get("/v1/policies/hpg").json()
    assert answer["ruleset"] == HPG
    assert "contact_survivor" in answer["actions"]


def test_an_unknown_policy_is_a_404_with_the_nearest_id(client):
    response = client.get("/v1/policies/hgp")
    assert response.status_code == 404
    assert error_of(response)["code"] == "policy.not_found" and error_of(response)["hint"] == "did you mean 'hpg'?"


def test_a_path_is_not_a_policy_id(client):
    response = client.post("/v1/policies/..%2Fpolicies%2Fhpg.yaml/evaluate", json=FRIDAY)
    assert response.status_code == 404


# --- evaluate and explain -------------------------------------------------------------------------------------


def test_evaluate_answers_exactly_the_decision_document(client):
    response = client.post("/v1/policies/hpg/evaluate", json=FRIDAY)
    assert response.status_code == 200
    assert response.json() == dapolicy.load_policy("hpg").evaluate(FRIDAY).to_dict()


def test_a_survivor_reporting_at_1630_on_friday_is_contacted_by_monday_end_of_day(client):
    actions = client.post("/v1/policies/hpg/evaluate", json=FRIDAY).json()["actions"]
    contact = next(action for action in actions if action["id"] == "contact_survivor")
    assert (contact["modality"], contact["due"]) == ("must", "2026-12-21T23:59:59+00:00")
    assert contact["citations"][0]["clause"] == "3.2"


def test_unknown_facts_stay_unknown_over_http(client):
    answer = client.post("/v1/policies/hpg/evaluate", json={"survivor": {"is_customer": True}}).json()
    assert answer["domestic_abuse"]["value"] == "unknown"
    assert all(entry["missing"] for entry in answer["undecided"])


def test_explain_gives_the_decision_its_trace_and_its_text(client):
    answer = client.post("/v1/policies/hpg/explain", json=FRIDAY).json()
    decision = dapolicy.load_policy("hpg").evaluate(FRIDAY).to_dict()
    assert {key: answer[key] for key in decision} == decision
    assert answer["trace"] and "contact_survivor" in answer["explanation"]


@pytest.mark.parametrize(("case", "path", "code"), [
    ({"survivor": {"agee": 30}}, "survivor.agee", "case.unknown_field"),
    ({"survivor": {"age": "thirty"}}, "survivor.age", "case.wrong_type"),
    ({"relationship": "husband"}, "relationship", "case.not_a_choice"),
    ({"reported_at": "2026-13-01T10:00"}, "reported_at", "case.bad_datetime"),
    ([1, 2], "", "case.not_a_mapping"),
])  # fmt: skip
def test_a_bad_case_is_a_422_naming_the_field_and_the_code(client, case, path, code):
    response = client.post("/v1/policies/hpg/evaluate", json=case)
    assert response.status_code == 422
    assert (error_of(response)["path"], error_of(response)["code"]) == (path, code)


@pytest.mark.parametrize(("body", "code"), [
    (b"{bad", "load.json_syntax"),
    (b'{"survivor": {"age": 30, "age": 31}}', "load.duplicate_key"),
    (b"", "case.empty"),
    (b"\xff\xfe", "request.encoding"),
    (b'{"survivor": {"age": NaN}}', "load.json_syntax"),
])  # fmt: skip
def test_a_body_that_is_not_a_case_document_is_a_422_with_its_code(client, body, code):
    response = client.post("/v1/policies/hpg/evaluate", content=body, headers={"content-type": "application/json"})
    assert (response.status_code, error_of(response)["code"]) == (422, code)


def test_a_body_over_the_limit_is_a_413():
    small = TestClient(create_app(max_body=100))
    response = small.post("/v1/policies/hpg/evaluate", content=json.dumps({"area": "x" * 200}))
    assert (response.status_code, error_of(response)["code"]) == (413, "request.too_large")


def test_a_wrong_method_is_a_405(client):
    response = client.get("/v1/policies/hpg/evaluate")
    assert (response.status_code, error_of(response)["code"]) == (405, "request.method_not_allowed")


# --- validate and lint ----------------------------------------------------------------------------------------


def test_validate_accepts_a_sound_ruleset_and_checks_its_quotes(client):
    answer = client.post("/v1/validate", json={"ruleset": HPG, "name": "hpg.yaml"}).json()
    assert answer["ok"] and answer["id"] == "hpg" and answer["rules"] == 27
    assert answer["quotes"]["checked"] and answer["quotes"]["count"] > 0


def test_a_typo_in_a_ruleset_is_a_422_at_its_line_and_column(client):
    response = client.post("/v1/validate", json={"ruleset": HPG.replace("when:", "whne:", 1), "name": "hpg.yaml"})
    assert response.status_code == 422
    problems = error_of(response)["problems"]
    unknown = next(problem for problem in problems if problem["code"] == "load.unknown_key")
    line = next(number for number, text in enumerate(HPG.splitlines(), 1) if "when:" in text)
    assert (unknown["line"], unknown["column"], unknown["path"]) == (line, 5, "definitions.customer.whne")


def test_a_quote_not_in_the_source_text_is_a_422_at_the_quote(client):
    quoted = 'quote: "Customers reporting domestic abuse'
    assert quoted in HPG
    response = client.post("/v1/validate", json={"ruleset": HPG.replace(quoted, quoted + " loudly", 1)})
    assert response.status_code == 422
    assert error_of(response)["problems"][0]["code"].startswith("validate.")
    assert error_of(response)["problems"][0]["line"] is not None


def test_lint_reports_the_findings_of_a_ruleset(client):
    answer = client.post("/v1/lint", json={"ruleset": HPG, "name": "hpg.yaml"}).json()
    assert answer["passed"] and answer["errors"] == [] and answer["policy"] == "hpg"


def test_lint_of_a_ruleset_that_does_not_load_is_a_422_with_its_problems(client):
    response = client.post("/v1/lint", json={"ruleset": "id: x\n"})
    assert response.status_code == 422 and error_of(response)["problems"][0]["line"] == 1


@pytest.mark.parametrize(("body", "path"), [
    ({}, "ruleset"), ({"ruleset": 3}, "ruleset"), ({"ruleset": HPG, "name": "../hpg.yaml"}, "name"),
])  # fmt: skip
def test_a_validate_request_without_a_ruleset_text_is_a_422(client, body, path):
    response = client.post("/v1/validate", json=body)
    assert (response.status_code, error_of(response)["path"]) == (422, path)


# --- compare --------------------------------------------------------------------------------------------------


def test_compare_answers_exactly_the_comparison_document(client):
    response = client.post("/v1/compare", json={"left": "statutory", "right": "hpg"})
    assert response.status_code == 200
    assert response.json() == dapolicy.compare("statutory", "hpg").to_dict()


def test_compare_takes_a_ruleset_text_for_either_side(client):
    answer = client.post("/v1/compare", json={"left": "hpg", "right": {"ruleset": HPG}}).json()
    assert answer["differences"] == []


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"left": "hpg"}, 422, "request.invalid"),
    ({"left": "hpg", "right": "/etc/passwd"}, 404, "policy.not_found"),
    ({"left": "hpg", "right": {"ruleset": "id: x\n"}}, 422, "load.missing_key"),
    ({"left": "hpg", "right": "ckh", "left ": 1}, 200, None),
])  # fmt: skip
def test_a_bad_compare_request_is_a_4xx(client, body, status, code):
    response = client.post("/v1/compare", json=body)
    assert response.status_code == status
    if code:
        assert error_of(response)["code"] == code


def test_a_comparison_past_the_time_limit_is_stopped_with_a_503():
    hurried = TestClient(create_app(compare_seconds=0.01))
    response = hurried.post("/v1/compare", json={"left": "ovh", "right": "wolverhampton"})
    assert (response.status_code, error_of(response)["code"]) == (503, "compare.timeout")


# --- the OpenAPI document -------------------------------------------------------------------------------------


def test_the_openapi_document_lists_every_endpoint_with_its_body(client):
    document = client.get("/openapi.json").json()
    assert set(document["paths"]) == {"/v1/policies", "/v1/policies/{policy_id}", "/v1/policies/{policy_id}/evaluate",
                                      "/v1/policies/{policy_id}/explain", "/v1/evaluate", "/v1/compare",
                                      "/v1/validate", "/v1/lint", "/v1/schemas/{kind}"}
    evaluate = document["paths"]["/v1/policies/{policy_id}/evaluate"]["post"]
    assert "survivor" in evaluate["requestBody"]["content"]["application/json"]["schema"]["properties"]


# --- never a 500 ----------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
case_like = st.fixed_dictionaries({}, optional={
    "reported_at": st.text(max_size=25) | st.just("2026-12-18T16:30"), "survivor": json_values,
    "behaviours": json_values, "relationship": json_values, "area": json_values, "risk": json_values,
})  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=json_values | case_like)
def test_no_case_body_is_a_server_error(client, body):
    response = client.post("/v1/policies/ckh/evaluate", json=body)
    assert response.status_code in (200, 422), response.text
    assert "error" in response.json() or "actions" in response.json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=json_values)
def test_no_validate_or_lint_body_is_a_server_error(client, body):
    for endpoint in ("/v1/validate", "/v1/lint"):
        response = client.post(endpoint, json=body if not isinstance(body, str) else {"ruleset": body})
        assert response.status_code in (200, 422), response.text


# --- dapolicy serve -------------------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path):
    """`dapolicy serve` on a free loopback port: its address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "dapolicy", "serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/v1/policies", timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(10)


def test_dapolicy_serve_answers_on_loopback(served):
    with urllib.request.urlopen(f"{served}/v1/policies", timeout=5) as answer:
        assert "hpg" in [policy["id"] for policy in json.load(answer)["policies"]]


def test_a_long_comparison_does_not_hold_up_other_requests(served):
    finished: list[float] = []

    def compare() -> None:
        request = urllib.request.Request(f"{served}/v1/compare", json.dumps({"left": "ovh", "right": "wolverhampton"})
                                         .encode(), {"content-type": "application/json"})  # fmt: skip
        urllib.request.urlopen(request, timeout=60).close()
        finished.append(time.monotonic())

    worker = threading.Thread(target=compare)
    worker.start()
    time.sleep(0.3)
    request = urllib.request.Request(f"{served}/v1/policies/hpg/evaluate", json.dumps(FRIDAY).encode(),
                                     {"content-type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert answer.status == 200
    answered = time.monotonic()
    worker.join(60)
    assert finished and answered < finished[0]


@pytest.mark.parametrize(("arguments", "words"), [
    (["--port", "0"], "is not a port"), (["--policies", "no-such-folder"], "no such folder"),
])  # fmt: skip
def test_dapolicy_serve_refuses_a_bad_option(arguments, words):
    result = subprocess.run([sys.executable, "-m", "dapolicy", "serve", *arguments], capture_output=True, text=True)
    assert result.returncode == 2 and words in result.stderr


def test_a_folder_of_rulesets_is_served_beside_the_bundled_ones(tmp_path):
    (tmp_path / "mine.yaml").write_text(HPG.replace("id: hpg", "id: hpg_draft", 1), encoding="utf-8")
    (tmp_path / "mine.tests.yaml").write_text("tests: []\n", encoding="utf-8")
    served = TestClient(create_app(policies=tmp_path))
    assert "hpg_draft" in [policy["id"] for policy in served.get("/v1/policies").json()["policies"]]
    assert served.post("/v1/policies/hpg_draft/evaluate", json=FRIDAY).status_code == 200


def test_a_ruleset_in_the_folder_replaces_the_bundled_one_of_its_id(tmp_path):
    (tmp_path / "hpg-draft.yaml").write_text(HPG.replace('version: "1"', 'version: "2-draft"', 1), encoding="utf-8")
    listed = TestClient(create_app(policies=tmp_path)).get("/v1/policies").json()["policies"]
    hpg = next(policy for policy in listed if policy["id"] == "hpg")
    assert (hpg["version"], hpg["source"]) == ("2-draft", "hpg-draft.yaml")


def test_two_rulesets_with_one_id_in_the_folder_stop_the_service_starting(tmp_path):
    (tmp_path / "a.yaml").write_text(HPG, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(HPG, encoding="utf-8")
    with pytest.raises(dapolicy.PolicyError, match="both give the id 'hpg'"):
        create_app(policies=tmp_path)


def test_versions_in_the_folder_are_served_by_the_day_they_were_in_force(tmp_path):
    from test_versions import REPORT, hpg_version

    (tmp_path / "hpg@2021.yaml").write_text(hpg_version("1", "2021-06-01"), "utf-8")
    (tmp_path / "hpg.yaml").write_text(hpg_version("2", "2025-04-01", working_days=2), "utf-8")
    served = TestClient(create_app(policies=tmp_path))
    hpg = next(policy for policy in served.get("/v1/policies").json()["policies"] if policy["id"] == "hpg")
    assert (hpg["version"], hpg["effective"]) == ("2", "2025-04-01")
    assert [(v["version"], v["in_force_from"]) for v in hpg["versions"]] == [("1", "2021-06-01"), ("2", "2025-04-01")]
    due = {day: served.post(f"/v1/policies/hpg/evaluate?on={day}", json=REPORT).json() for day in ("2024-01-01", "2025-06-01")}
    assert [due[day]["policy"]["version"] for day in due] == ["1", "2"]
    assert served.post("/v1/policies/hpg/evaluate", json=REPORT).json()["policy"]["version"] == "2"
    assert served.get("/v1/policies/hpg?on=2024-01-01").json()["ruleset"] == hpg_version("1", "2021-06-01")


@pytest.mark.parametrize(("day", "code"), [("2020-01-01", "version.not_in_force"), ("1 April", "load.on_date")])
def test_a_day_no_version_answers_for_is_a_422_that_says_why(client, day, code):
    response = client.post(f"/v1/policies/hpg/explain?on={day}", json=FRIDAY)
    assert response.status_code == 422
    assert (error_of(response)["code"], error_of(response)["path"]) == (code, "on")


def test_files_of_one_id_not_named_as_versions_stop_the_service_starting(tmp_path):
    from test_versions import hpg_version

    (tmp_path / "hpg.yaml").write_text(hpg_version("2", "2025-04-01"), "utf-8")
    (tmp_path / "older.yaml").write_text(hpg_version("1", "2021-06-01"), "utf-8")
    with pytest.raises(dapolicy.PolicyError, match="name versions of one hpg.yaml and hpg@<label>.yaml"):
        create_app(policies=tmp_path)


# --- the decision log -----------------------------------------------------------------------------------------


def test_each_decision_is_logged_with_its_id_policy_digest_and_redacted_case(tmp_path):
    log = DecisionLog(tmp_path / "decisions.jsonl")
    logged = TestClient(create_app(log=log))
    response = logged.post("/v1/policies/hpg/evaluate", json=FRIDAY)
    logged.post("/v1/policies/hpg/explain", json={"survivor": {"is_customer": True}})
    lines = [json.loads(line) for line in (tmp_path / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    first = lines[0]
    assert first["decision_id"] == response.headers["x-decision-id"]
    assert first["policy"] == {"id": "hpg", "version": "1", "digest": dapolicy.load_policy("hpg").digest}
    assert first["decision"] == response.json()
    assert first["case"]["survivor"] == {"age": "[redacted]", "is_customer": True}
    assert first["case"]["reported_at"] == "[redacted]" and first["case"]["relationship"] == "spouse"
    assert FRIDAY["survivor"]["age"] == 34  # the request's case is not changed


def test_the_redacted_facts_are_configurable_and_checked(tmp_path):
    log = DecisionLog(tmp_path / "decisions.jsonl", redacted=("relationship",))
    TestClient(create_app(log=log)).post("/v1/policies/hpg/evaluate", json=FRIDAY)
    case = json.loads((tmp_path / "decisions.jsonl").read_text(encoding="utf-8"))["case"]
    assert case["relationship"] == "[redacted]" and case["survivor"]["age"] == 34
    with pytest.raises(ValueError, match="did you mean 'survivor.age'"):
        DecisionLog(tmp_path / "other.jsonl", redacted=("survivor.agee",))


def test_a_refused_case_is_not_logged(tmp_path):
    log = DecisionLog(tmp_path / "decisions.jsonl")
    TestClient(create_app(log=log)).post("/v1/policies/hpg/evaluate", json={"survivor": {"agee": 3}})
    assert (tmp_path / "decisions.jsonl").read_text(encoding="utf-8") == ""


def test_redact_without_a_log_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "dapolicy", "serve", "--redact", "area"], capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode == 2 and "give --log FILE too" in result.stderr


# --- the playground's endpoints ---------------------------------------------------------------------------------


def test_evaluate_takes_a_ruleset_text_and_a_case(client):
    answer = client.post("/v1/evaluate", json={"ruleset": HPG, "case": FRIDAY}).json()
    assert answer == dapolicy.load_policy("hpg").evaluate(FRIDAY).to_dict()
    assert client.post("/v1/evaluate", json={"policy": "hpg", "case": FRIDAY}).json() == answer


def test_evaluate_with_a_bad_case_or_ruleset_names_it(client):
    bad_case = client.post("/v1/evaluate", json={"policy": "hpg", "case": {"survivor": {"agee": 1}}})
    assert (bad_case.status_code, error_of(bad_case)["path"]) == (422, "survivor.agee")
    bad_ruleset = client.post("/v1/evaluate", json={"ruleset": "id: x\n", "case": {}})
    assert bad_ruleset.status_code == 422 and error_of(bad_ruleset)["problems"][0]["line"] == 1


def test_the_api_documentation_is_one_page_that_loads_nothing_from_elsewhere(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "POST /v1/policies/{policy_id}/evaluate" in page.text
    assert "cdn" not in page.text and "<script" not in page.text


def test_the_schemas_are_served(client):
    assert client.get("/v1/schemas/case").json() == dapolicy.schema("case")
    assert client.get("/v1/schemas/cases").status_code == 404


def test_the_playground_is_served_with_its_script_and_nothing_from_elsewhere(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    script = client.get("/playground/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    for text in (page.text, script.text, client.get("/playground/style.css").text):
        assert "http://" not in text and "https://" not in text
    assert client.get("/playground/..%2Fserver.py").status_code == 404
