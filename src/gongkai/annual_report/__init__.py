"""The annual report (政府信息公开工作年度报告) as data: keys and labels per template, the report
model and its JSON schema, the consistency rules, figures stated in prose.

Pure Python, no Django. Every context that produces or reads a report's figures (requests,
appeals, parsing, documents, reports) depends on this package; it depends on none of them.
"""
