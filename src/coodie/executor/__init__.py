"""The shared execution core: sans-I/O operations and the two ways to run them.

``coodie.sync`` calls :func:`run`, ``coodie.aio`` awaits :func:`run_async`; both
run the same operations from :mod:`coodie.executor.ops`.

Example::

    from coodie.executor import ops, run
    page = run(ops.execute(CompiledStatement("SELECT now() FROM system.local"), OPTIONS))
"""

from coodie.executor.runner import (
    Operation,
    Plan,
    Request,
    done,
    run,
    run_async,
    run_plan,
    run_plan_async,
)

__all__ = [
    "Operation",
    "Plan",
    "Request",
    "done",
    "run",
    "run_async",
    "run_plan",
    "run_plan_async",
]
