"""Test helpers and fakes shared by the test modules."""
