"""factory-boy factories, one module per app; import them from here."""

from .accounts import *  # noqa: F403
from .billing import *  # noqa: F403
from .billing_cases import *  # noqa: F403
from .health import *  # noqa: F403
from .quota import *  # noqa: F403
from .revops import *  # noqa: F403
