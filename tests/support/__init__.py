"""Helpers and fakes shared by the tests (no test module imports another)."""
