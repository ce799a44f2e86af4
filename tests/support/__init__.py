"""Helpers and fakes shared by test modules (never a test module itself)."""
