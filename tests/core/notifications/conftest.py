from tests.core.petitions.conftest import officer_a, register  # noqa: F401 - fixtures of a real step
