"""WTForms classes: they validate input and never save it."""
