"""Business actions. Each takes the acting user, flushes, writes the audit
trail, and leaves the commit to the caller (view, CLI or API handler)."""
