"""The adapter between `POST /api/v1/quotes/preview` and the pricing engine (P-19, V-3).

The preview prices with today's policy version, running `engine.price_quote`, the function the
quote builder and order forms run.
"""

from django.utils import timezone

from .engine import QuoteResult, price_quote
from .quote_requests import parse_quote_request
from .selectors import pricing_policy_in_force


def preview_quote(data, *, today=None) -> QuoteResult:
    """Raises BadQuoteRequest (400) or NoPolicyInForce."""
    quote_input = parse_quote_request(data)
    _, policy = pricing_policy_in_force(today or timezone.localdate())
    return price_quote(quote_input, policy)
