"""Operations: /metrics, /healthz, OpenAPI at /docs, and JSON errors for unknown routes."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from http_support import Service, message


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_count_verdicts_by_action_and_symbol_and_time_the_checks(
    service: Service,
) -> None:
    batch = [message("e1", body=""), message("e2", seconds=1, body=""), message("ok", seconds=2)]
    assert service.check(batch).status_code == 200
    assert service.check([*batch[:1], {"id": "bad"}]).status_code == 200  # a repeat, an error
    response = service.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = _samples(response.text)
    assert samples[("clearline_verdicts_total", (("action", "tag"),))] == 2
    assert samples[("clearline_verdicts_total", (("action", "deliver"),))] == 1
    assert samples[("clearline_verdict_symbols_total", (("symbol", "BODY_EMPTY"),))] == 2
    assert samples[("clearline_check_repeats_total", ())] == 1
    assert samples[("clearline_check_errors_total", ())] == 1
    assert samples[("clearline_check_seconds_count", ())] == 2
    assert samples[("clearline_check_batch_messages_sum", ())] == 5


def test_health_says_ok_when_the_database_answers(service: Service) -> None:
    response = service.http.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_openapi_documents_check_with_the_message_and_verdict_schemas(service: Service) -> None:
    document = service.http.get("/openapi.json").json()
    operation = document["paths"]["/v1/check"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["messages"]["items"] == {"$ref": "#/components/schemas/Message"}
    schemas = document["components"]["schemas"]
    assert {"Message", "Verdict", "Reason", "MessageError"} <= schemas.keys()
    assert set(schemas["Message"]["required"]) == {"id", "ts", "from", "to", "body"}
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    docs = service.http.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_unknown_routes_and_methods_get_json_errors(service: Service) -> None:
    missing = service.http.get("/v1/nothing-here")
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    wrong = service.http.get("/v1/check", headers=service.headers())
    assert (wrong.status_code, wrong.json()["error"]) == (405, "method_not_allowed")
