"""Appeal rules as plain Python: kinds, results, the year's count, the appeal ledger."""
