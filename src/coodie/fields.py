"""Field markers for model annotations (public path; defined in :mod:`coodie.model.fields`)."""

from coodie.model.fields import *  # noqa: F403
from coodie.model.fields import __all__ as __all__
