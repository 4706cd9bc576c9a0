from tests.core.signing.conftest import _empty_cache  # noqa: F401 - autouse: a fresh rate-limit count
