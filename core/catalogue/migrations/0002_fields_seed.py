from django.db import migrations

# The fields (lĩnh vực) most reports use; platform admins edit the list in the admin.
FIELDS = [
    ("dat-dai", "Đất đai", "Land"),
    ("nha-o", "Nhà ở", "Housing"),
    ("boi-thuong-tai-dinh-cu", "Bồi thường, hỗ trợ, tái định cư", "Compensation and resettlement"),
    ("chinh-sach", "Chế độ, chính sách", "Policies and benefits"),
    ("tu-phap", "Tư pháp", "Justice"),
    ("tham-nhung", "Tham nhũng, tiêu cực", "Corruption"),
    ("moi-truong", "Tài nguyên, môi trường", "Natural resources and environment"),
    ("tai-chinh", "Tài chính, thuế", "Finance and taxes"),
    ("lao-dong", "Lao động, việc làm, bảo hiểm xã hội", "Labour, employment, social insurance"),
    ("y-te-giao-duc", "Y tế, giáo dục", "Health and education"),
    ("hanh-chinh", "Hành chính, công vụ", "Administration and public service"),
    ("khac", "Lĩnh vực khác", "Other"),
]


def seed(apps, schema_editor):
    PetitionField = apps.get_model("catalogue", "PetitionField")
    for order, (code, vi, en) in enumerate(FIELDS):
        PetitionField.objects.get_or_create(code=code, defaults={"name_vi": vi, "name_en": en, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
