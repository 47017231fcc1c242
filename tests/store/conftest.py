"""The store tests reuse the api tests' sandbox served over real HTTP on 127.0.0.1."""

from tests.api.conftest import (  # noqa: F401  (fixtures)
    BRAND, SANDBOX_TOKEN, FakeClock, Sandbox, clock, sandbox, sandbox_server,
)
