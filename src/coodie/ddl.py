"""Pure builders of DDL statements from schemas.

The public path; defined in :mod:`coodie.management.ddl`.
"""

from coodie.management.ddl import *  # noqa: F403
from coodie.management.ddl import __all__ as __all__
