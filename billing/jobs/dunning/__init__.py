"""`billing.detect_late_payments` and `billing.dunning_scheduler` (billing.md §5, B-34…B-39).

detect_late_payments (daily 07:00, and per customer on `invoice.payment_failed`/`overdue`):
invoices → DunningCase (day 0, plan kind, responsible and tagged, amount, missed periods), one
live case per customer; each PAYG failure alerts once, keyed (invoice, attempt).

dunning_scheduler (daily 07:15): live cases → the DunningSteps due by as_of (one row per
(case, step), each alerting once), pause state, and resolution on payment (B-38).

Both work on chunks of customers with a fixed number of queries per chunk (reads set-wise,
writes one bulk statement per table), plus one notify() per alert actually sent. Both take
`as_of` and read the mirror as it stood at the end of that day (an invoice paid later was
unpaid then), so the demo can replay past days through them. Rerunning a day changes nothing.
"""

from .detect import DetectStats, detect_chunk
from .loaders import ALERT_KIND, HISTORY_DAYS, People, candidates, end_of, live_customers, load_invoices
from .schedule import CASE_FIELDS, ScheduleStats, schedule_chunk

__all__ = [
    "ALERT_KIND",
    "CASE_FIELDS",
    "HISTORY_DAYS",
    "DetectStats",
    "People",
    "ScheduleStats",
    "candidates",
    "detect_chunk",
    "end_of",
    "live_customers",
    "load_invoices",
    "schedule_chunk",
]
