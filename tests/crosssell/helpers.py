"""Building engine facts tersely for the engine tests."""

from datetime import date
from decimal import Decimal

from crosssell.engine import AccountFactsInput, MemberGroup, ProductFact, Usage

AS_OF = date(2025, 6, 16)


def product(spend="0.00", active=True, activated_at=None, first_used_at=None):
    return ProductFact(Decimal(spend), active, activated_at, first_used_at)


def members(*groups):
    """members(("engineering", 2), ("product", 1, False)) → groups (families, count, active)."""
    out = []
    for group in groups:
        families, count, *rest = group
        families = (families,) if isinstance(families, str) else tuple(families)
        out.append(MemberGroup(families, rest[0] if rest else True, count))
    return tuple(out)


def facts(*, as_of=AS_OF, products=None, people=(), usage=None, **kwargs):
    return AccountFactsInput(
        as_of=as_of,
        products={k: (v if isinstance(v, ProductFact) else product(v)) for k, v in (products or {}).items()},
        members=members(*people),
        usage=usage or Usage(),
        **kwargs,
    )
