"""The message catalogues: the Vietnamese one is complete, the compiled ones are up to date, and the
tool that checks and merges them does what `make translations` relies on."""

import importlib.util
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "platform" / "locale"
_spec = importlib.util.spec_from_file_location("translations_tool", ROOT / "tools" / "translations.py")
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)


CATALOGUES = [tool.CATALOGUE, *([tool.OVERRIDES] if tool.OVERRIDES.exists() else [])]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_vietnamese_message_is_translated(catalogue):
    found = tool.problems(polib.pofile(str(catalogue)))
    assert not found, "translate them in the .po, then `make translations`:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "folder",
    [LOCALE / "en" / "LC_MESSAGES", *(path.parent for path in CATALOGUES)],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_compiled_catalogue_matches_its_source(folder):
    """The .mo files are committed (a clean clone runs without gettext): they must be rebuilt."""
    source = {
        (entry.msgctxt, entry.msgid): tool.translations(entry)
        for entry in polib.pofile(str(folder / "django.po"))
        if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags and all(tool.translations(entry))
    }
    compiled = {
        (entry.msgctxt, entry.msgid): tool.translations(entry)
        for entry in polib.mofile(str(folder / "django.mo"))
        if entry.msgid
    }
    assert compiled == source, "run `make translations`"


@pytest.mark.parametrize(
    ("context", "message", "expected"),
    [
        ("visit number", "No.", "Số"),
        ("row number", "No.", "STT"),
        ("petition status", "Dialogue", "Đang đối thoại"),
        (None, "Dialogue", "Đối thoại"),
        ("dialogue", "Outcome", "Kết quả đối thoại"),
        (None, "Outcome", "Kết quả xử lý"),
        ("reception quota", "Met", "Đạt"),
        ("compliance week or month", "Period", "Kỳ"),
        (None, "Period", "Kỳ báo cáo"),
    ],
)
def test_one_english_word_keeps_each_of_its_vietnamese_meanings(context, message, expected):
    with translation.override("vi"):
        shown = translation.pgettext(context, message) if context else translation.gettext(message)
    assert shown == expected


def test_the_overrides_win_over_a_librarys_own_translation(tmp_path, settings):
    assert [LOCALE, tool.OVERRIDES.parents[2]] == settings.LOCALE_PATHS
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=1; plural=0;"}
    po.append(polib.POEntry(msgid="Log out", msgstr="Đăng xuất"))  # Django's admin says "Thoát"
    (tmp_path / "vi" / "LC_MESSAGES").mkdir(parents=True)
    po.save_as_mofile(str(tmp_path / "vi" / "LC_MESSAGES" / "django.mo"))
    settings.LOCALE_PATHS = [LOCALE, tmp_path]
    with translation.override("vi"):
        assert translation.gettext("Log out") == "Đăng xuất"
        assert translation.gettext("Change password") == "Đổi mật khẩu"  # the library's own, still there


def _po(path: Path, *entries: polib.POEntry) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.extend(entries)
    po.save(str(path))
    return path


def test_check_reports_untranslated_fuzzy_and_broken_placeholders(tmp_path):
    po = polib.pofile(
        str(
            _po(
                tmp_path / "django.po",
                polib.POEntry(msgid="Saved.", msgstr="Đã lưu."),
                polib.POEntry(msgid="Unknown visit.", msgstr=""),
                polib.POEntry(msgid="Room added.", msgstr="Đã thêm phòng.", flags=["fuzzy"]),
                polib.POEntry(msgid="Visit %(number)s", msgstr="Lượt tiếp số", flags=["python-format"]),
                polib.POEntry(msgid="Code: {code}.", msgstr="Mã: {ma}.", flags=["python-brace-format"]),
                polib.POEntry(
                    msgid="%(counter)s visit",
                    msgid_plural="%(counter)s visits",
                    msgstr_plural={0: "%(counter)s lượt tiếp"},
                    flags=["python-format"],
                ),
            )
        )
    )
    assert tool.problems(po) == [
        "untranslated: 'Unknown visit.'",
        "fuzzy: 'Room added.'",
        "placeholders ['%(number)s'] differ: 'Visit %(number)s'",
        "placeholders ['{code}', '{ma}'] differ: 'Code: {code}.'",
    ]


def test_merge_fills_what_makemessages_found_and_leaves_the_rest_pending(tmp_path):
    catalogue = _po(
        tmp_path / "django.po",
        polib.POEntry(msgid="Open", msgctxt="follow-up", msgstr=""),
        polib.POEntry(msgid="Open", msgstr="Đang giải quyết", flags=["fuzzy"]),
        polib.POEntry(msgid="Saved.", msgstr="Đã lưu."),
        polib.POEntry(msgid="Close", msgstr="Kết thúc"),
    )
    pending = _po(
        tmp_path / "helper.po",
        polib.POEntry(msgid="Open", msgctxt="follow-up", msgstr="Đang thực hiện"),
        polib.POEntry(msgid="Open", msgstr="Mở"),
        polib.POEntry(msgid="Saved.", msgstr="Đã lưu."),
        polib.POEntry(msgid="Close", msgstr="Đóng"),
        polib.POEntry(msgid="Not in the code", msgstr="Không có trong mã"),
        polib.POEntry(msgid="Show counts", msgstr="Hiện số lượng"),  # Django's admin, not our code
    )
    overrides = tmp_path / "overrides" / "vi" / "LC_MESSAGES" / "django.po"
    assert tool.merge([pending], catalogue=catalogue, overrides=overrides) == 0

    merged = {(e.msgctxt, e.msgid): (e.msgstr, "fuzzy" in e.flags) for e in polib.pofile(str(catalogue))}
    assert merged == {
        ("follow-up", "Open"): ("Đang thực hiện", False),
        (None, "Open"): ("Mở", False),
        (None, "Saved."): ("Đã lưu.", False),
        (None, "Close"): ("Kết thúc", False),  # a translated entry is not overwritten silently
    }
    assert [e.msgid for e in polib.pofile(str(pending))] == ["Close", "Not in the code"]
    assert [(e.msgid, e.msgstr) for e in polib.pofile(str(overrides))] == [("Show counts", "Hiện số lượng")]

    assert tool.merge([pending], catalogue=catalogue, overrides=overrides, overwrite=True) == 0
    assert {e.msgid: e.msgstr for e in polib.pofile(str(catalogue))}["Close"] == "Đóng"
    assert [e.msgid for e in polib.pofile(str(pending))] == ["Not in the code"]
