"""Scheduling: working calendars and the critical path method over flat arrays (pure, numpy)."""
