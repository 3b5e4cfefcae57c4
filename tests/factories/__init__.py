"""factory-boy factories, one module per app; import them from here."""

from .accounts import *  # noqa: F403
