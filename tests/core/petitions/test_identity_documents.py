import pytest
from django.core.exceptions import ValidationError

from core.petitions.identity_documents import cccd_decode, id_number_validate


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("020085001234", {"province_code": "020", "sex": "male", "birth_year": 1985}),  # Lạng Sơn, man, 1985
        ("001303012345", {"province_code": "001", "sex": "female", "birth_year": 2003}),  # Hà Nội, woman, 2003
        ("079201000001", {"province_code": "079", "sex": "male", "birth_year": 2001}),
    ],
)
def test_cccd_decodes_province_sex_and_birth_year(number, expected):
    assert cccd_decode(number) == expected


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("02008500123", "cccd_format"),  # 11 digits
        ("02008500123A", "cccd_format"),
        ("003085001234", "cccd_province"),  # 003 is no province code
        ("020585001234", "cccd_century"),  # digit 5: women born 2200–2299
    ],
)
def test_invalid_cccd_is_refused_with_the_reason(number, code):
    with pytest.raises(ValidationError) as refused:
        cccd_decode(number)
    assert refused.value.code == code


def test_cccd_must_match_sex_and_birth_year_when_given():
    assert id_number_validate("cccd", " 0200 8500 1234 ", sex="male", birth_year=1985) == "020085001234"
    with pytest.raises(ValidationError):
        id_number_validate("cccd", "020085001234", sex="female")
    with pytest.raises(ValidationError):
        id_number_validate("cccd", "020085001234", birth_year=1986)


def test_legacy_id_card_and_passport():
    assert id_number_validate("cmnd", "082123456") == "082123456"
    assert id_number_validate("passport", "c1234567") == "C1234567"
    with pytest.raises(ValidationError):
        id_number_validate("cmnd", "0821234567")
