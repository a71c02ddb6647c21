"""Reads for pages and the API, scoped to the viewer, by entity stem.

Services act (they take the actor, flush and audit); these modules only read.
"""
