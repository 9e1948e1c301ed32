"""Reply-letter templates take {名称} placeholders and nothing else (issue 12): no format specs,
conversions, attributes or indexes, no unknown names; filling never formats."""

import pytest

from gongkai.requests.domain.letter_templates import (
    MAX_PLACEHOLDERS,
    MAX_TEMPLATE_CHARS,
    PLACEHOLDERS,
    fill,
    template_problems,
)

VALUES = {key: f"<{key}>" for key in PLACEHOLDERS}


def test_a_template_of_known_placeholders_is_fine_and_filled():
    template = "本机关于{收到日期}收到申请：{申请内容}\n依据{法律依据}。{救济途径}"
    assert template_problems(template) == []
    assert (
        fill(template, VALUES)
        == "本机关于<收到日期>收到申请：<申请内容>\n依据<法律依据>。<救济途径>"
    )


def test_doubled_braces_are_braces_as_they_were_under_str_format():
    assert template_problems("{{注}}：{申请内容}") == []
    assert fill("{{注}}：{申请内容}", VALUES) == "{注}：<申请内容>"


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{申请内容:>20000000}", "格式说明"),
        ("{申请内容:}", "格式说明"),
        ("{申请内容!r}", "转换"),
        ("{申请内容!s:>9}", "格式说明"),
        ("{申请内容.__class__}", "属性或下标"),
        ("{申请内容[0]}", "属性或下标"),
        ("{0}", "不是可用的占位符"),
        ("{}", "不是可用的占位符"),
        ("见{附件名称}", "不是可用的占位符"),
        ("未闭合的{申请内容", "未配对的花括号"),
        ("多了一个}", "未配对的花括号"),
        ("{申请内容:{收到日期}}", "未配对的花括号"),
    ],
)
def test_everything_else_in_braces_is_refused_with_what_to_fix(template, said):
    problems = template_problems(template)
    assert problems and any(said in p for p in problems), problems
    assert all("占位符" in p or "花括号" in p for p in problems)


@pytest.mark.parametrize(
    "template",
    [
        "{申请内容:>20000000}",
        "{申请内容!r}",
        "{申请内容.__class__}",
        "{申请内容[0]}",
        "{x}",
        "{",
        "}",
    ],
)
def test_filling_a_bad_template_never_formats_and_never_raises(template):
    out = fill(template, VALUES)
    assert out == template  # kept literally: no padding, no repr, no attribute lookup
    assert len(out) < 100


def test_a_template_is_bounded_in_length_and_placeholders():
    assert any("上限" in p for p in template_problems("字" * (MAX_TEMPLATE_CHARS + 1)))
    many = "{申请内容}" * (MAX_PLACEHOLDERS + 1)
    assert any(f"最多 {MAX_PLACEHOLDERS} 个" in p for p in template_problems(many))
    assert template_problems("{申请内容}" * MAX_PLACEHOLDERS) == []
