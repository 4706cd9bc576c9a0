from django.utils.translation import get_language

from .models import PetitionField


def field_choices() -> list[tuple[str, str]]:
    language = get_language() or "vi"
    return [(f.code, f.label(language)) for f in PetitionField.objects.filter(is_active=True)]


def field_label(code: str) -> str:
    field = PetitionField.objects.filter(code=code).first()
    return field.label(get_language() or "vi") if field else code
