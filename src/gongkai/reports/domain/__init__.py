"""Pure-Python model of the annual report: tables, model, validation, figures in prose.

Nothing here imports Django, so the parser, the CLI and the generator can all share it.
"""
