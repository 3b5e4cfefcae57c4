"""Health (health.md): early-warning signals, the weekly score that explains itself, churn reasons.

`engine/` is the pure maths (S-1…S-9, L-1, L-2, §1.3, CR-2); `selectors` loads its inputs
set-wise, `pipeline` runs it over chunks of accounts and stores Signals and HealthScores,
`services` holds the user-facing writes, `tasks` the Celery jobs.
"""
