"""The HTTP service against its own OpenAPI document (issue 14), by schemathesis: requests generated from the
document (valid and, where schemathesis makes them, invalid) never give a server error, and every answer is JSON
with the library's document or an `error` object."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402

from dapolicy.server import create_app  # noqa: E402

APP = create_app(compare_seconds=20)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)


@SCHEMA.exclude(path="/v1/compare").parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_is_a_server_error(case):
    response = case.call()
    assert response.status_code < 500, response.text
    body = response.json()
    assert isinstance(body, dict)
    if response.status_code >= 400:
        assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]


@SCHEMA.include(path="/v1/compare").parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_comparison_request_is_a_server_error(case):
    response = case.call()
    assert response.status_code < 500 or response.json()["error"]["code"] == "compare.timeout", response.text
