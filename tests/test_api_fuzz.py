"""schemathesis against the running server, from the OpenAPI description it serves: generated requests (valid and
invalid by the schema) never get a server error, and every answer matches the description (status codes,
content types, bodies)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rasp.store.engine import make_engine
from rasp.store.tokens import create_token
from tests.helpers import PARTNERSHIP, set_up
from tests.test_api import ApiServer

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, str]]:
    work: Path = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{work / 'fuzz.db'}"
    engine = make_engine(url)
    set_up(engine)
    _, token = create_token(engine, PARTNERSHIP, "fuzz", "tester@example.gov.uk")
    engine.dispose()
    live = ApiServer(url, work, RASP_API_PER_MINUTE="100000", RASP_API_ANONYMOUS_PER_MINUTE="100000")
    try:
        yield live, token
    finally:
        live.stop()


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("path", "method"), [("/api/v1/returns", "POST"), ("/api/v1/returns/{return_id}", "GET")])
def test_no_server_error_on_generated_requests(
    server: tuple[ApiServer, str], path: str, method: str, mode: GenerationMode
) -> None:
    live, token = server
    description = httpx.get(f"{live.base}/api/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(description)
    operation = schema[path][method]
    auth = st.sampled_from([f"Bearer {token}", f"Bearer {token}", "Bearer rasp_not-a-token", ""])

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), header=auth)
    def run(case: schemathesis.Case, header: str) -> None:
        headers = {"Authorization": header} if header else {}
        case.call_and_validate(base_url=live.base, headers=headers, checks=CHECKS)

    run()
