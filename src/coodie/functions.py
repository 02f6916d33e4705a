"""CQL functions for projections and predicates.

The public path; defined in :mod:`coodie.query.functions`.

``import coodie.functions as fn``: ``fn.count``, ``fn.sum``, ``fn.token``, ``fn.ttl`` ...
"""

from coodie.query.functions import *  # noqa: F403
from coodie.query.functions import __all__ as __all__
