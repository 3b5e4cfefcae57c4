"""The nightly cross-sell chain (J-1…J-3), in chunks with a fixed number of queries each.

`run_nightly` splits the account ids into chunks; `process_chunk` loads every input of a chunk
set-wise (`crosssell.facts_loader`), runs J-1 steps 1-4, 6 and 7 (and step 5 without
`shampoo`) through the pure engine, and writes the results with bulk upserts that only touch
rows whose content changed — so a rerun the same day changes nothing and notifies nobody.
"""

from .run import recompute_account, recompute_account_on_commit, recompute_dated, run_nightly

__all__ = ["recompute_account", "recompute_account_on_commit", "recompute_dated", "run_nightly"]
