"""The two ledgers of the report tests and the tables counted from them by hand."""

# Written by hand: the figures the tests expect are counted from these lines, not by the code.
REQUEST_LEDGER = """申请编号,收到日期,申请方式,申请人类型,申请人,申请内容,办理结果,答复日期,延期
R1,2024-12-20,信函,自然人,张三,征收补偿方案,予以公开,2025-01-10,否
R2,2024-11-01,网络,商业企业,甲公司,招标文件,部分公开,2024-12-01,否
R3,2025-01-06,网络,商业企业,乙公司,企业补贴名单,部分公开,2025-01-20,否
R4,2025-02-10,当面,自然人,李四,道路改造招标文件,不予公开-保护第三方合法权益,2025-03-05,是
R5,2025-03-03,电子邮件,法律服务机构,某律所,行政处罚决定书,本机关不掌握相关政府信息,2025-03-20,否
R6,2025-11-28,传真,自然人,王五,2025年预算,,,否
R7,2025-12-15,网络,科研机构,某大学,统计数据,予以公开,2026-01-08,否
R8,2024-12-28,信函,其他,某村委会,土地征收批复,,,是
R9,2025-06-01,网络,自然人,赵六,已答复过的会议纪要,重复申请,2025-06-10,否
R10,2025-07-01,当面,社会公益组织,某协会,环评报告全本,other_unpaid_fee,2025-08-20,否
R11,2026-01-05,网络,自然人,钱七,2026年预算,予以公开,2026-01-20,否
"""
APPEAL_LEDGER = """案件编号,类型,申请编号,收案日期,结果,结案日期
A1,行政复议,R4,2025-03-20,维持,2025-05-10
A2,行政复议,R5,2025-04-01,纠正,2025-06-01
A3,行政诉讼-直接起诉,R9,2025-07-01,,
A4,行政诉讼-复议后起诉,R4,2025-06-01,其他,2026-02-01
A5,行政复议,,2024-12-01,维持,2025-02-01
A6,行政复议,R3,2025-12-30,纠正,2026-01-15
"""


def _row(**cells):
    columns = (
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_org",
        "legal_service_org",
        "other_org",
    )
    row = {c: cells.get(c, 0) for c in columns}
    return row | {"total": sum(row.values())}


# Counted by hand from REQUEST_LEDGER for 2025 (ledgers.md):
# 一 received in 2025: R3 R4 R5 R6 R7 R9 R10; 二 received before and open on 1 Jan: R1 R8;
# 三 replied in 2025: R1 R3 R4 R5 R9 R10; 四 open on 31 Dec: R6 R7 (replied 2026) R8.
EXPECTED_REQUESTS_2025 = {
    "received_this_year": _row(
        natural_person=3,
        commercial_enterprise=1,
        research_institution=1,
        social_welfare_org=1,
        legal_service_org=1,
    ),
    "carried_from_last_year": _row(natural_person=1, other_org=1),
    "disclosed": _row(natural_person=1),
    "partially_disclosed": _row(commercial_enterprise=1),
    "withheld_third_party": _row(natural_person=1),
    "unavailable_not_held": _row(legal_service_org=1),
    "not_processed_duplicate": _row(natural_person=1),
    "other_unpaid_fee": _row(social_welfare_org=1),
    "other": _row(social_welfare_org=1),
    "results_total": _row(
        natural_person=3, commercial_enterprise=1, social_welfare_org=1, legal_service_org=1
    ),
    "carried_to_next_year": _row(natural_person=1, research_institution=1, other_org=1),
}
# From APPEAL_LEDGER for 2025: A5 was filed in 2024; A4 and A6 were decided in 2026, so they
# are still pending on 31 December 2025.
EXPECTED_APPEALS_2025 = {
    "reconsideration": {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3},
    "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
    "litigation_after_reconsideration": {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    },
}
