"""The stored quota pipeline: load a chunk set-wise, run the engine, write what changed."""

from .service import DEFAULT_CHUNK_SIZE, RunContext, accounts_to_compute, recompute_chunk, recompute_quarter

__all__ = ["DEFAULT_CHUNK_SIZE", "RunContext", "accounts_to_compute", "recompute_chunk", "recompute_quarter"]
