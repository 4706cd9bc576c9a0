"""The legal bases of the seeded deadline rules cited the Vietnamese way ("khoản 4 Điều 24 Luật
Tiếp công dân 2013"), not "Art. 24(4)": a row a platform admin corrected keeps its wording."""

from django.db import migrations

BASIS_VI = {
    'Luật Khiếu nại 2011, Art. 28': 'Điều 28 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Art. 32': 'Điều 32 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Art. 33': 'Điều 33 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Art. 37': 'Điều 37 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Art. 41': 'Điều 41 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Art. 44': 'Điều 44 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Art. 48': 'Điều 48 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Art. 50': 'Điều 50 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Art. 9': 'Điều 9 Luật Khiếu nại 2011',
    'Luật Khiếu nại 2011, Arts. 27 and 36': 'Điều 27 và Điều 36 Luật Khiếu nại 2011',
    'Luật Tiếp công dân 2013, Art. 24(4)': 'khoản 4 Điều 24 Luật Tiếp công dân 2013',
    'Luật Tiếp công dân 2013, Art. 27(2)': 'khoản 2 Điều 27 Luật Tiếp công dân 2013',
    'Luật Tiếp công dân 2013, Art. 28(1)': 'khoản 1 Điều 28 Luật Tiếp công dân 2013',
    'Luật Tiếp công dân 2013, Art. 28(2)': 'khoản 2 Điều 28 Luật Tiếp công dân 2013',
    'Luật Tố cáo 2018, Art. 24(1)': 'khoản 1 Điều 24 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 24(2)': 'khoản 2 Điều 24 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 26(2)': 'khoản 2 Điều 26 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 29(3)': 'khoản 3 Điều 29 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 30': 'Điều 30 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 34(4)': 'khoản 4 Điều 34 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 35(3)': 'khoản 3 Điều 35 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 36(1)': 'khoản 1 Điều 36 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 37(2)': 'khoản 2 Điều 37 Luật Tố cáo 2018',
    'Luật Tố cáo 2018, Art. 38': 'Điều 38 Luật Tố cáo 2018',
    'No statutory limit (Luật Tiếp công dân 2013, Art. 28; NĐ 154/2026)': 'Không có thời hạn luật định (Điều 28 Luật Tiếp công dân 2013; NĐ 154/2026)',
    'NĐ 124/2020/NĐ-CP, Art. 16(1)': 'khoản 1 Điều 16 NĐ 124/2020/NĐ-CP',
    'NĐ 124/2020/NĐ-CP, Art. 31': 'Điều 31 NĐ 124/2020/NĐ-CP',
    'NĐ 154/2026/NĐ-CP, Art. 23': 'Điều 23 NĐ 154/2026/NĐ-CP',
    'NĐ 154/2026/NĐ-CP, Art. 4(3)': 'khoản 3 Điều 4 NĐ 154/2026/NĐ-CP',
    'NĐ 154/2026/NĐ-CP, Art. 41(3)(b)': 'điểm b khoản 3 Điều 41 NĐ 154/2026/NĐ-CP',
    'NĐ 155/2026/NĐ-CP, Art. 10 (replacing NĐ 124 Art. 16(1))': 'Điều 10 NĐ 155/2026/NĐ-CP (thay thế khoản 1 Điều 16 NĐ 124)',
    'NĐ 155/2026/NĐ-CP, Art. 11': 'Điều 11 NĐ 155/2026/NĐ-CP',
    'NĐ 155/2026/NĐ-CP, Art. 12 (new NĐ 124 Art. 28b)': 'Điều 12 NĐ 155/2026/NĐ-CP (bổ sung Điều 28b NĐ 124)',
    'TTHC “Thủ tục xử lý đơn tại cấp tỉnh” (dichvucong.gov.vn, mã 315145); no statutory limit known': 'TTHC “Thủ tục xử lý đơn tại cấp tỉnh” (dichvucong.gov.vn, mã 315145); chưa tìm thấy thời hạn luật định',
}


def forwards(apps, schema_editor):
    DeadlineRule = apps.get_model("legal", "DeadlineRule")
    for old, new in BASIS_VI.items():
        DeadlineRule.objects.filter(legal_basis=old).update(legal_basis=new)


def backwards(apps, schema_editor):
    DeadlineRule = apps.get_model("legal", "DeadlineRule")
    for old, new in BASIS_VI.items():
        DeadlineRule.objects.filter(legal_basis=new).update(legal_basis=old)


class Migration(migrations.Migration):
    dependencies = [("legal", "0009_seed_calendar_years_grounds_competence")]

    operations = [migrations.RunPython(forwards, backwards)]
