"""A book's header: counts against the caps and targets, and the warnings they raise.

Enforcement (blocking the 26th account, pausing leads) is quota.md's (QD-22, D-8); this only
says where the book stands, with the rule behind each warning. Pure: numbers in, header out.
"""

from dataclasses import dataclass, field
from decimal import Decimal

TARGET_MIN = 10  # B-1 "10-15 accounts", D-9: a target, warning only
TARGET_MAX = 15
SOFT_CAP = 15  # B-1 / QD-22: above 15 AM Managed → warning
HARD_CAP = 25  # B-8 / QD-22: AM Managed + Leads; a 26th is blocked (quota.md)
NOMINAL_ARR = Decimal("1500000")  # B-1 / D-9 "~$1.5m ARR", informational
LEAD_PAUSE_ACCOUNTS = 15  # B-9: stop new product-led leads at 15 managed customers …
LEAD_PAUSE_ARR = Decimal("1500000")  # … or $1.5m ARR
CSM_SOFT_CAP = 30  # A-11 / D-9 "around 30"


@dataclass(frozen=True)
class BookWarning:
    rule: str
    level: str  # "warning" | "alert" (red: the book is out of policy)
    text: str


@dataclass(frozen=True)
class BookHeader:
    role: str
    am_managed_count: int
    am_managed_arr: Decimal
    leads_count: int
    owned_count: int
    owned_arr: Decimal
    am_managed_on_quarter_start: int
    stop_new_leads: bool
    off_target: bool
    over_quarter_start_max: bool
    warnings: tuple[BookWarning, ...] = field(default_factory=tuple)

    @property
    def book_and_leads(self) -> int:
        return self.am_managed_count + self.leads_count


def book_header(
    *,
    role: str,
    am_managed_count: int,
    am_managed_arr: Decimal,
    leads_count: int,
    owned_count: int,
    owned_arr: Decimal,
    am_managed_on_quarter_start: int,
) -> BookHeader:
    warnings: list[BookWarning] = []
    if role == "csm" or role == "cse":
        if owned_count > CSM_SOFT_CAP:
            warnings.append(BookWarning("A-11 D-9", "warning",
                                    f"{owned_count} accounts: above the CSM book of about {CSM_SOFT_CAP}."))
        if owned_arr > NOMINAL_ARR:
            warnings.append(BookWarning("A-11 D-9", "warning", "ARR above the $1.5m CSM book."))
        return BookHeader(role, am_managed_count, am_managed_arr, leads_count, owned_count, owned_arr,
                          am_managed_on_quarter_start, False, False, False, tuple(warnings))

    off_target = am_managed_count < TARGET_MIN or am_managed_count > TARGET_MAX
    over_start = am_managed_on_quarter_start > SOFT_CAP
    stop_leads = am_managed_count >= LEAD_PAUSE_ACCOUNTS or am_managed_arr >= LEAD_PAUSE_ARR
    total = am_managed_count + leads_count
    if over_start:
        warnings.append(BookWarning("B-1 D-8", "alert",
                                f"Started the quarter with {am_managed_on_quarter_start} AM Managed "
                                f"accounts: get to {SOFT_CAP} or fewer."))
    if total > HARD_CAP:
        warnings.append(BookWarning("B-8 QD-22", "alert",
                                f"{total} AM Managed + Leads: above the hard cap of {HARD_CAP}."))
    elif total == HARD_CAP:
        warnings.append(BookWarning(
            "B-8 QD-22", "warning",
            f"At the hard cap of {HARD_CAP} AM Managed + Leads: a new account is blocked.",
        ))
    if am_managed_count > SOFT_CAP:
        warnings.append(BookWarning("B-1 QD-22", "warning",
                                f"{am_managed_count} AM Managed: above the maximum of {SOFT_CAP}."))
    elif am_managed_count < TARGET_MIN:
        warnings.append(BookWarning(
            "B-1 D-9", "warning",
            f"{am_managed_count} AM Managed: below the target of {TARGET_MIN} to {TARGET_MAX}.",
        ))
    if stop_leads:
        warnings.append(BookWarning("B-9", "warning",
                                "Stop new product-led leads: 15 managed customers or $1.5m ARR reached."))
    return BookHeader(role, am_managed_count, am_managed_arr, leads_count, owned_count, owned_arr,
                      am_managed_on_quarter_start, stop_leads, off_target, over_start, tuple(warnings))
