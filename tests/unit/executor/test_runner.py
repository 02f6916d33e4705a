"""The sans-I/O core: operations run identically with run() and run_async()."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from coodie.compiler.compiled import CompiledStatement
from coodie.cql.options import ExecutionOptions
from coodie.drivers.base import ResultPage
from coodie.drivers.recording import RecordingDriver
from coodie.exceptions import InvalidRequest
from coodie.executor import Operation, ops, run, run_async
from coodie.executor.raw import dict_rows
from coodie.executor.results import LWTResult, PagedResult
from coodie.executor.runner import Single

STMT = CompiledStatement("SELECT id FROM ks.t", ())
OPTS = ExecutionOptions(fetch_size=2)


def ids(page: ResultPage) -> list[int]:
    return [r[0] for r in page.rows]


def pages(driver: RecordingDriver, *chunks: list[int]) -> None:
    for i, chunk in enumerate(chunks):
        state = f"p{i + 1}".encode() if i + 1 < len(chunks) else None
        driver.respond(ResultPage(("id",), [(x,) for x in chunk], state))


Execute = Callable[[Operation[Any]], Any]


@pytest.fixture(params=["sync", "async"])
def execute(request: pytest.FixtureRequest) -> Execute:
    if request.param == "sync":
        return run
    return lambda op: asyncio.run(run_async(op))


def test_read_all_follows_every_page(driver: RecordingDriver, execute: Execute) -> None:
    pages(driver, [1, 2], [3, 4], [5])
    assert execute(ops.read_all(STMT, OPTS, ids)) == [1, 2, 3, 4, 5]
    states = [c.options.paging_state for c in driver.calls]
    assert states == [None, b"p1", b"p2"]
    assert all(c.options.fetch_size == 2 for c in driver.calls)


def test_read_all_stops_on_a_stuck_empty_page(driver: RecordingDriver, execute: Execute) -> None:
    driver.respond(ResultPage(("id",), [(1,)], b"same"), ResultPage(("id",), [], b"same"))
    assert execute(ops.read_all(STMT, OPTS, ids)) == [1]
    assert len(driver.calls) == 2


def test_a_paged_single_is_finished_over_every_page(
    driver: RecordingDriver, execute: Execute
) -> None:
    driver.respond(
        ResultPage(("id",), [], b"p1", ("short page",)),  # cut short: no rows yet, more follow
        ResultPage(("id",), [(7,)], b"p2"),
        ResultPage(("id",), [(8,)], None, ("late",)),
    )
    finished: list[ResultPage] = []
    single = Single(STMT, OPTS, lambda page: finished.append(page) or ids(page), paged=True)
    assert execute(single) == [7, 8]
    assert [c.options.paging_state for c in driver.calls] == [None, b"p1", b"p2"]
    assert [(p.paging_state, p.warnings) for p in finished] == [(None, ("short page", "late"))]


def test_a_paged_single_stops_on_a_stuck_empty_page(
    driver: RecordingDriver, execute: Execute
) -> None:
    driver.respond(ResultPage(("id",), [(1,)], b"same"), ResultPage(("id",), [], b"same"))
    assert execute(Single(STMT, OPTS, ids, paged=True)) == [1]
    assert len(driver.calls) == 2


def test_a_single_write_reads_one_page(driver: RecordingDriver, execute: Execute) -> None:
    driver.respond(ResultPage(("id",), [(1,)], b"more"))
    assert execute(Single(STMT, OPTS, ids)) == [1]
    assert len(driver.calls) == 1


def test_a_paged_single_inside_an_operation_reads_every_page(
    driver: RecordingDriver, execute: Execute
) -> None:
    pages(driver, [1], [2], [3])

    def twice() -> Operation[list[int]]:
        first = yield from Single(STMT, OPTS, ids, paged=True)
        return first + (yield from Single(STMT, OPTS, ids))

    pages(driver, [4], [5])
    assert execute(twice()) == [1, 2, 3, 4]
    assert [c.options.paging_state for c in driver.calls] == [None, b"p1", b"p2", None]


def test_read_page_returns_paging_state(driver: RecordingDriver, execute: Execute) -> None:
    pages(driver, [1, 2], [3])
    page = execute(ops.read_page(STMT, OPTS, ids))
    assert isinstance(page, PagedResult)
    assert (page.data, page.paging_state) == ([1, 2], b"p1")


def test_read_first_skips_empty_pages(driver: RecordingDriver, execute: Execute) -> None:
    pages(driver, [], [], [7, 8])
    assert execute(ops.read_first(STMT, OPTS, ids)) == 7
    pages(driver, [])
    assert execute(ops.read_first(STMT, OPTS, ids)) is None


def test_conditional_parses_applied_and_existing(driver: RecordingDriver, execute: Execute) -> None:
    driver.respond(ResultPage(("[applied]", "id", "name"), [(False, 1, "old")]))
    result = execute(ops.conditional(STMT, OPTS))
    assert result == LWTResult(False, {"id": 1, "name": "old"})
    assert not result
    driver.respond(ResultPage(("[applied]",), [(True,)]))
    assert execute(ops.conditional(STMT, OPTS, existing=lambda row: "typed")) == LWTResult(True)


def test_conditional_types_the_existing_row(driver: RecordingDriver, execute: Execute) -> None:
    driver.respond(ResultPage(("[applied]", "id"), [(False, 1)]))
    result = execute(ops.conditional(STMT, OPTS, existing=lambda row: ("row", row["id"])))
    assert result.existing == ("row", 1)


def test_driver_errors_propagate(driver: RecordingDriver, execute: Execute) -> None:
    driver.respond(InvalidRequest("unconfigured table t", code=0x2200))
    with pytest.raises(InvalidRequest, match="unconfigured table"):
        execute(ops.execute(STMT, OPTS))


def test_dict_rows() -> None:
    page = ResultPage(("a", "b"), [(1, 2), (3, 4)])
    assert dict_rows(page) == [{"a": 1, "b": 2}, {"a": 3, "b": 4}]
