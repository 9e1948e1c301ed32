"""What a new installation meets first: the demo's guard and the fonts its PDFs embed."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.documents import fonts

DEBIAN_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
NOTO_OTF = next(Path("/usr/share/fonts/opentype/noto").glob("*.ttc"), None)


def test_demo_refuses_to_run_in_production(tmp_path):
    env = dict(os.environ, GONGKAI_ENV="production", GONGKAI_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "生产环境（GONGKAI_ENV=production）不能载入演示数据" in result.stderr
    assert "Traceback" not in result.stderr
    # Nothing was created: no database, no operator with the public password.
    assert not list(tmp_path.glob("*.sqlite3"))


@pytest.fixture
def font_setting(monkeypatch):
    def use(value: str, env: str = "production"):
        monkeypatch.setenv(fonts.ENV_VAR, value)
        monkeypatch.setenv("GONGKAI_ENV", env)
        fonts.find_cjk_font.cache_clear()
        fonts.cjk_font_name.cache_clear()

    yield use
    fonts.find_cjk_font.cache_clear()
    fonts.cjk_font_name.cache_clear()


@pytest.mark.skipif(not DEBIAN_FONT.exists(), reason="needs fonts-wqy-zenhei")
def test_a_font_folder_from_the_setting_is_searched(font_setting, tmp_path):
    folder = tmp_path / "Kylin字体"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(DEBIAN_FONT, folder / "sub" / "SomeCJK.ttc")
    (folder / "readme.txt").write_text("not a font")
    font_setting(str(folder))
    found = fonts.find_cjk_font()
    assert found is not None and found.path == folder / "sub" / "SomeCJK.ttc"
    assert fonts.cjk_font_name() == found.name
    assert fonts.missing_fonts_message() is None


@pytest.mark.skipif(not DEBIAN_FONT.exists(), reason="needs fonts-wqy-zenhei")
def test_preferred_official_fonts_come_first_in_a_folder(font_setting, tmp_path):
    shutil.copy(DEBIAN_FONT, tmp_path / "aaa.ttc")
    shutil.copy(DEBIAN_FONT, tmp_path / "simfang.ttc")
    font_setting(str(tmp_path))
    assert fonts.find_cjk_font().path.name == "simfang.ttc"


def test_no_font_is_an_error_in_production_that_says_what_to_do(font_setting, tmp_path):
    if NOTO_OTF:  # a CFF-outlined CJK font reportlab cannot embed does not count
        shutil.copy(NOTO_OTF, tmp_path / "NotoSansCJK.ttc")
    (tmp_path / "broken.ttf").write_bytes(b"not really a font")
    font_setting(f"{tmp_path},{tmp_path / 'nowhere.ttf'}")
    assert fonts.find_cjk_font() is None
    message = fonts.missing_fonts_message()
    assert "未找到可嵌入 PDF 的中文 TrueType 字体" in message
    assert str(tmp_path) in message and "GONGKAI_FONT_PATHS" in message
    with pytest.raises(fonts.FontMissing) as raised:
        fonts.cjk_font_name()
    assert str(raised.value) == message


def test_no_font_falls_back_to_the_readers_font_outside_production(font_setting, tmp_path):
    font_setting(str(tmp_path), env="demo")
    assert fonts.cjk_font_name() == fonts.FALLBACK


def test_the_cli_states_a_missing_font_in_one_line():
    from gongkai.cli._errors import describe

    assert describe(fonts.FontMissing("未找到字体。")) == "未找到字体。"
