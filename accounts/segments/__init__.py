"""Segments: the computed refresh, the mirrored manual segments, their reads (accounts.md §1.4)."""
