"""Plumbing every page shares: the day-first date fields and the one way to run a service from a page."""
