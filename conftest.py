"""Shared pytest fixtures live in tests/fixtures/, one module per real part they bring up."""

pytest_plugins = [
    "tests.fixtures.config",
    "tests.fixtures.wordpress",
    "tests.fixtures.sites",
    "tests.fixtures.smtp",
]
