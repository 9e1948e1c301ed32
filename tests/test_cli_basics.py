import pytest

from gongkai.cli import main

COMMANDS = {
    "agency": "管理行政机关 / manage agencies",
    "api": "数据接口的令牌 / API tokens",
    "audit": "审计日志 / the audit log",
    "catalog": "导入、导出政府信息公开目录 / import and export the disclosure catalog",
    "check": "检查配置，--deploy 检查能否正式部署 / check the configuration",
    "deadline": "计算依申请公开的答复期限（按工作日，含节假日和调休）/ reply deadline in working days",
    "ledger": "导入、导出台账 / import and export ledgers",
    "parse": "读取已发布的政府信息公开工作年度报告（txt/html/pdf/docx/doc/wps/xls/et），输出结构化数据 / read "
    "published annual reports into data",
    "serve": "启动网站服务（生产用 WSGI 服务器 gunicorn）/ start the web server",
    "migrate": "创建或升级数据库表 / create or upgrade the database tables",
    "demo": "用演示数据启动平台（SQLite）/ start the platform with demo data",
    "createadmin": "创建平台管理员账号 / create a platform administrator",
    "report": "生成政府信息公开工作年度报告 / build the annual report",
    "requests": "依申请公开 / requests for information",
    "user": "管理工作人员账号 / manage staff accounts",
    "worker": "运行后台任务 / run the background tasks",
    "validate": "校验 JSON 格式的年度报告（表内勾稽关系、跨年度衔接）/ check annual reports in JSON",
}


def test_help_lists_commands_in_chinese(capsys, monkeypatch):
    import re

    monkeypatch.setenv("COLUMNS", "250")  # one line per command, whatever the terminal
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    section = out.split("命令 (commands):\n", 1)[1]
    listed = dict(re.findall(r"^ {4}(\S+)\s+(\S.*)$", section, re.M))
    assert listed == COMMANDS


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_report_push_refuses_an_address_that_is_not_http(capsys):
    code = main(["report", "push", "--agency", "demo-county", "--year", "2024",
                 "--to", "ftp://city.example", "--token", "gk_x"])  # fmt: skip
    assert code == 2
    assert "https://" in capsys.readouterr().err
