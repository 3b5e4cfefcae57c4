"""My book and the accounts list (accounts.md §5): rows, header, other areas' columns."""
