"""Billing admin. Stripe mirror rows are view-only here: Stripe is the source of truth (B-15) and
the next sync would overwrite an edit. App-owned rows (customers, aliases, purchases, grants)
are editable by RevOps admins."""


from . import credits, dunning, mirror, refunds  # noqa: F401  (each registers its ModelAdmins)
