"""Helpers and fakes shared by the tests (not tests themselves)."""
