"""Row builders for Opportunity and OrderForm: plain tuples in column order, ids from the context.

Every timestamp is given (created, closed, updated), so the rows depend only on the seed and the
as-of date. A closed stage always has `closed_at`, a cross-sell always a motion note, a lost
cross-sell a reason and a note, a void form a reason: the models' check constraints, by
construction.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from accounts.demo.context import DemoContext
from accounts.demo.story import AccountStory
from accounts.engine.calendar import add_months

CLOSED = ("closed_won", "closed_lost")
OPPORTUNITY_COLUMNS = (
    "id", "account_id", "owner_id", "record_type", "stage", "expected_close_on",
    "salesforce_opportunity_id", "created_at", "updated_at", "closed_at", "closed_by_id",
    "target_product_id", "target_use_case", "expected_mrr", "is_trial_poc", "motion_note", "precheck",
    "discovery_at", "closed_lost_reason", "closed_lost_note",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
LEGAL_SUFFIX = {"US": "Inc.", "CA": "Inc.", "BR": "Ltda.", "GB": "Ltd", "DE": "GmbH", "FR": "SAS",
                "NL": "B.V.", "SE": "AB", "ES": "S.L.", "PL": "sp. z o.o."}
CITIES = {"US": "San Francisco", "CA": "Toronto", "BR": "São Paulo", "GB": "London", "DE": "Berlin",
          "FR": "Paris", "NL": "Amsterdam", "SE": "Stockholm", "ES": "Madrid", "PL": "Warsaw"}
SIGNERS = ("Alex Morgan", "Sam Patel", "Jamie Chen", "Robin Schulz", "Chris Dupont", "Dana Kowalski",
           "Lee Andersson", "Maria García", "Tom Becker", "Priya Nair")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@dataclass
class Form:
    """One OrderForm row; its fields are the writer's columns, in order."""

    id: int
    account_id: int
    opportunity_id: int | None
    kind: str
    parent_id: int | None
    title: str
    client_legal_name: str
    client_address: str
    client_signer_name: str
    client_signer_email: str
    posthog_signer_id: int | None
    credit_amount: Decimal
    effective_date: date
    end_date: date
    activation_mode: str
    status: str
    created_at: datetime
    term_months: int = 12
    prepaid_years: int = 1
    billing: str = "upfront"
    payment_terms_days: int = 30
    payment_method: str = "bank_transfer"
    nonprofit: bool = False
    components: dict = field(default_factory=dict)
    policy_discount_pct: Decimal | None = None
    discount_pct: Decimal | None = None
    price: Decimal | None = None
    annual_price: Decimal | None = None
    custom_pricing: bool = False
    within_policy: bool = True
    counts_toward_quota: bool = True
    governing_terms: str = "standard_terms"
    msa_execution_date: date | None = None
    enterprise_plan_line: bool = False
    document_link: str = ""
    signed_pdf: str = ""  # uploads are real files; the demo has none
    client_signed_at: datetime | None = None
    completed_at: datetime | None = None
    closed_won_at: datetime | None = None
    activated_at: datetime | None = None
    voided_at: datetime | None = None
    credit_purchase_id: int | None = None
    void_reason: str = ""
    updated_at: datetime | None = None


FORM_COLUMNS = tuple(Form.__dataclass_fields__)


class Records:
    """The chunk's rows, and per story the census keys they exercise."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.month_starts = ctx.month_starts  # a property that rebuilds the list: read it once
        self.opportunities: list[tuple] = []
        self.forms: list[Form] = []
        self.keys: set[str] = set()
        self.census: Counter = Counter()

    def end_story(self) -> None:
        self.census.update(self.keys)
        self.keys = set()

    def opportunity(self, story: AccountStory, *, record_type: str, stage: str, owner: int | None,
                    created: datetime, expected_close: date, closed: datetime | None = None,
                    salesforce_id: str = "", target: str | None = None, use_case: str = "",
                    expected_mrr: Decimal | None = None, trial_poc: bool = False, motion_note: str = "",
                    precheck: dict | None = None, discovery_at: datetime | None = None,
                    lost_reason: str = "", lost_note: str = "") -> int:
        if (stage in CLOSED) != (closed is not None):
            raise ValueError(f"{stage}: closed_at is set exactly when the stage is closed")
        pk = self.ctx.ids("opportunity", 1).start
        self.opportunities.append((
            pk, story.account_id, owner, record_type, stage, expected_close, salesforce_id, created,
            closed or created, closed, owner if closed else None, target, use_case, expected_mrr,
            trial_poc, motion_note, precheck or {}, discovery_at, lost_reason, lost_note,
        ))
        self.keys |= {f"opportunity:{record_type}", f"opportunity:{record_type}:{stage}"}
        return pk

    def form_id(self) -> int:
        return self.ctx.ids("orderform", 1).start

    def add_form(self, form: Form) -> None:
        moments = [form.created_at, form.client_signed_at, form.completed_at, form.closed_won_at,
                   form.activated_at, form.voided_at]
        form.updated_at = form.updated_at or max(m for m in moments if m is not None)
        self.forms.append(form)
        self.keys |= {f"order_form:{form.kind}", f"O-15:{form.status}"}

    def form_rows(self):
        return (tuple(getattr(form, name) for name in FORM_COLUMNS) for form in self.forms)


def party(story: AccountStory, form_id: int, start: date) -> dict:
    """The Client.* variables of an order form (O-1), and its title (RD-30)."""
    legal = f"{story.name} {LEGAL_SUFFIX.get(story.country, 'Ltd')}"
    signer = SIGNERS[story.index % len(SIGNERS)]
    slug = story.name.lower().replace(" ", "")
    return {
        "title": f"{legal} PostHog Cloud Order Form - {MONTHS[start.month - 1]} {start.year}",
        "client_legal_name": legal,
        "client_address": f"{100 + story.index % 800} Market Street, {CITIES.get(story.country, 'London')}, "
        f"{story.country}",
        "client_signer_name": signer,
        "client_signer_email": f"{signer.split()[0].lower()}@{slug}.example",
        "document_link": f"https://docs.tambook.demo/order-forms/{form_id}",
    }


def end_of_term(start: date, months: int) -> date:
    """The form's inclusive end date: effective date + term - 1 day (revops.md OrderForm)."""
    return add_months(start, months) - timedelta(days=1)
