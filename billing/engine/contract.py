"""A prepaid purchase: its allocation blocks, its derived grants and its purchase invoices.

B-23 (self-serve tranches), B-24 (paid up front), B-25 (multi-year paid yearly), B-7/D-4 (the
purchase invoices whose payment MRR splits monthly), D-17 (CreditBot's term = the allocation
block), contracts.md credits §1 and decisions 2, 6 and 10.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .dates import add_months, month_of
from .money import CENT, cents

SALES_CONTRACT, SELF_SERVE = "SALES_CONTRACT", "SELF_SERVE"
PREPAID_CONTRACT, SELF_SERVE_TRANCHE = "PREPAID_CONTRACT", "SELF_SERVE_TRANCHE"


@dataclass(frozen=True)
class Contract:
    credit_amount: Decimal
    price: Decimal
    start_date: date
    term_months: int = 12
    prepaid_years: int = 1
    discount_percent: Decimal | None = None  # None → 100 x (1 - price / credit_amount) (D-6)
    source: str = SALES_CONTRACT

    @property
    def end_date(self) -> date:
        return add_months(self.start_date, self.term_months)

    @property
    def term_years(self) -> int:
        return -(-self.term_months // 12)

    @property
    def is_self_serve(self) -> bool:
        return self.source == SELF_SERVE

    @property
    def paid_yearly(self) -> bool:
        """B-25: fewer years paid up front than the term has (self-serve ignores prepaid_years)."""
        return not self.is_self_serve and self.prepaid_years < self.term_years

    @property
    def annual_spend(self) -> Decimal:
        """D-20: post-discount money paid per year = price x 12 / term_months."""
        return cents(self.price * 12 / self.term_months)

    @property
    def discount(self) -> Decimal:
        if self.discount_percent is not None:
            return self.discount_percent
        return (100 * (1 - self.price / self.credit_amount)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Block:
    """An allocation block: the prepaid years, then one per later year (D-17, decision 6)."""

    index: int
    start: date
    end: date
    years: int
    months: int

    @property
    def first_half_end(self) -> date:
        """B-29, §7 example 3: 1 year = 6 months, 2 years = 12, 3 years = 18."""
        return add_months(self.start, self.months // 2)


def contract_blocks(contract: Contract) -> tuple[Block, ...]:
    if contract.is_self_serve:
        return (Block(0, contract.start_date, add_months(contract.start_date, 12), 1, 12),)
    if not contract.paid_yearly:
        return (Block(0, contract.start_date, contract.end_date, contract.term_years, contract.term_months),)
    blocks = []
    first_years = contract.prepaid_years
    blocks.append(
        Block(
            0,
            contract.start_date,
            add_months(contract.start_date, 12 * first_years),
            first_years,
            12 * first_years,
        )
    )
    for year in range(first_years, contract.term_years):
        start = add_months(contract.start_date, 12 * year)
        blocks.append(Block(len(blocks), start, add_months(contract.start_date, 12 * (year + 1)), 1, 12))
    return tuple(blocks)


def block_holding(contract: Contract, day: date) -> Block:
    """CreditBot's term: the block holding `day`; the first before the start, the last after the end."""
    blocks = contract_blocks(contract)
    for block in blocks:
        if block.start <= day < block.end:
            return block
    return blocks[0] if day < contract.start_date else blocks[-1]


def _shares_by_years(total: Decimal, blocks: tuple[Block, ...], term_years: int) -> list[Decimal]:
    """total x block years / term years, half-up; the last block takes the remainder (B-25)."""
    shares = [cents(total * block.years / term_years) for block in blocks[:-1]]
    shares.append(total - sum(shares, Decimal("0.00")))
    return shares


@dataclass(frozen=True)
class DerivedGrant:
    kind: str
    amount: Decimal
    starts_on: date
    expires_at: date
    tranche_index: int | None = None


def derived_grants(contract: Contract) -> tuple[DerivedGrant, ...]:
    """The contract's own credit (contracts.md decision 2: derived, never listed)."""
    start = contract.start_date
    if contract.is_self_serve:
        # B-23 / D-15: ⌊credit/12⌋ to the cent, tranche 11 takes the remainder; each expires 12
        # months after it is applied.
        tranche = (contract.credit_amount / 12).quantize(CENT, ROUND_DOWN)
        grants = []
        for n in range(12):
            amount = contract.credit_amount - tranche * 11 if n == 11 else tranche
            on = add_months(start, n)
            grants.append(DerivedGrant(SELF_SERVE_TRANCHE, amount, on, add_months(on, 12), n))
        return tuple(grants)
    blocks = contract_blocks(contract)
    if not contract.paid_yearly:
        return (DerivedGrant(PREPAID_CONTRACT, contract.credit_amount, start, contract.end_date),)  # B-24
    amounts = _shares_by_years(contract.credit_amount, blocks, contract.term_years)
    # B-25 / D-14: year k's grant from its block start, every one expiring at the contract end.
    return tuple(
        DerivedGrant(PREPAID_CONTRACT, amount, block.start, contract.end_date)
        for block, amount in zip(blocks, amounts, strict=True)
    )


@dataclass(frozen=True)
class PurchaseInvoice:
    """One credit-purchase invoice (total - tax) and the months its MRR split covers (B-7, D-4)."""

    amount: Decimal
    first_month: date
    months: int


def purchase_invoices(contract: Contract) -> tuple[PurchaseInvoice, ...]:
    """Decision 10: up front = one invoice over term_months; paid yearly = one per block, 12 a year."""
    first = month_of(contract.start_date)
    if contract.is_self_serve:
        return (PurchaseInvoice(contract.price, first, 12),)
    if not contract.paid_yearly:
        return (PurchaseInvoice(contract.price, first, contract.term_months),)
    blocks = contract_blocks(contract)
    amounts = _shares_by_years(contract.price, blocks, contract.term_years)
    invoices, offset = [], 0
    for block, amount in zip(blocks, amounts, strict=True):
        invoices.append(PurchaseInvoice(amount, add_months(first, offset), 12 * block.years))
        offset += 12 * block.years
    return tuple(invoices)
