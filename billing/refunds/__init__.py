"""Refunds (billing.md B-40…B-49): the stored request's services and selectors, its pages, its
API and the stateless preview. The maths is `billing.engine.refund_calculator`."""
