"""Quote builder usage projection (revops.md Quote `projection_method`; seed 003 "QuoteHog").

"If usage is trending up, calculate the growth rate and project expected volume for a year. If
usage is stable, project based on the latest month's volume or the average or the maximum." The
builder's input is monthly volume, so an annual projection is converted back to a month.
"""

from decimal import Decimal

from .policy import ZERO, cents

METHODS = ("growth_rate", "latest_month", "average", "maximum")


def project_monthly_volume(history: tuple[Decimal, ...], method: str) -> Decimal | None:
    """Monthly volume from up to six months of usage, oldest first; None without usage."""
    months = [amount for amount in history if amount is not None]
    if not months:
        return None
    if method == "latest_month":
        return cents(months[-1])
    if method == "average":
        return cents(sum(months, ZERO) / len(months))
    if method == "maximum":
        return cents(max(months))
    if method == "growth_rate":
        first = next((m for m in months if m > 0), None)
        steps = len(months) - 1 - months.index(first) if first is not None else 0
        if first is None or steps == 0:
            return cents(months[-1])
        # compound monthly growth from the first paying month to the latest, applied 12 months on
        growth = (months[-1] / first) ** (Decimal(1) / steps)
        annual = sum((months[-1] * growth**k for k in range(1, 13)), ZERO)
        return cents(annual / 12)
    raise ValueError(f"Unknown projection method {method!r}.")
