"""Schema management: sync tables, user types, views and keyspaces on a live cluster.

Planning is pure (:mod:`coodie.management.plan`): the model's schema and the live
schema read from ``system_schema`` give the DDL to send. The operations in
:mod:`coodie.management.operations` read, plan, check and send; ``coodie.sync``
runs them blocking and ``coodie.aio`` awaits them::

    from coodie.management import plan_table_sync
    plan = plan_table_sync(Product.__schema__, None, keyspace="shop")
    plan.statements     # (CreateTable(...), CreateIndex(...))
"""

from coodie.management.introspect import (
    LiveColumn,
    LiveIndex,
    LiveKeyspace,
    LiveTable,
    LiveType,
    LiveView,
)
from coodie.management.plan import (
    SyncPlan,
    plan_model_sync,
    plan_table_sync,
    plan_type_sync,
    plan_user_type_sync,
    plan_view_sync,
)

__all__ = [
    "LiveColumn",
    "LiveIndex",
    "LiveKeyspace",
    "LiveTable",
    "LiveType",
    "LiveView",
    "SyncPlan",
    "plan_model_sync",
    "plan_table_sync",
    "plan_type_sync",
    "plan_user_type_sync",
    "plan_view_sync",
]
