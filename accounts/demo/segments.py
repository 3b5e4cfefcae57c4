"""The demo's segments come from running the real jobs over the generated data (issue 16)."""

from accounts.segments import services

from .context import DemoContext


def recompute(ctx: DemoContext) -> None:
    services.top_40_rank(as_of=ctx.as_of)  # D-10 first: the top_40 segment reads is_top_40
    services.segments_refresh(as_of=ctx.as_of)
