"""Alignment: who decides what, and (to come) the findings that route conflicts to them (pure)."""
