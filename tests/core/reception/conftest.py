import pytest


@pytest.fixture
def receptionist_a(unit_a, make_member):
    return make_member(unit_a, roles=("reception_officer",), username="tiep_dan_a", full_name="Lường Thị Hoa")


@pytest.fixture
def leader_a(unit_a, make_member):
    return make_member(unit_a, roles=("leader",), username="chu_tich_a", full_name="Vi Văn Thành")
