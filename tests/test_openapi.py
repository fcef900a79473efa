"""The API against its own OpenAPI document (issue 19): schemathesis generates requests for every
operation (a bounded number of examples each) over a real store; no answer may be a 5xx and every
status must be one the document lists for that operation."""

from __future__ import annotations

from collections import Counter

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import status_code_conformance  # noqa: E402

from lagebild.interfaces.web.app import create_app  # noqa: E402
from lagebild.settings import Settings  # noqa: E402
from web_corpus import RECORDS, build_store, write_jsonl  # noqa: E402

#: Examples per operation and mode (valid, invalid): ~30 operations x 2 x 15 requests stay well under
#: a minute in process.
EXAMPLES = 15


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("openapi")
    db = tmp / "openapi.db"
    cfg = Settings(db=str(db), api_token="schema-token-0123", allowed_hosts="testserver")
    build_store(db, [write_jsonl(tmp / "in" / "r.jsonl", RECORDS[:2])], cfg)
    return create_app(str(db), cfg, build_wait=0)


def test_no_server_error_and_only_documented_statuses(app):
    # (schemathesis' own pytest plugin needs a pytest private attribute that pytest 9 removed, so the
    # operations are looped here, each with its own Hypothesis run: valid requests, then invalid ones)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: dict[str, str] = {}
    operations, calls = 0, Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        # invalid requests only where parameters have limits to break (others: nothing to generate)
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if len(operation.query) else [])
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
            def check(case) -> None:
                response = case.call_and_validate(checks=[not_a_server_error, status_code_conformance])
                calls[response.status_code] += 1

            try:
                check()
            except Unsatisfiable:
                continue  # no invalid value exists for this operation's parameters
            except BaseException as exc:  # noqa: BLE001  (a FailureGroup) collected: one report per operation
                if isinstance(exc, KeyboardInterrupt):
                    raise
                failures[f"{operation.label} ({mode.value})"] = str(exc)[:1500]
    print(f"schemathesis: {operations} operations, {sum(calls.values())} requests, statuses {dict(sorted(calls.items()))}")
    assert operations >= 20 and sum(calls.values()) >= operations * 5
    assert not any(code >= 500 for code in calls)
    assert not failures, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
