"""Every write of the reports context: ``drafts`` (a unit's draft), ``library`` (submitting a
report as a frozen version, uploading published reports, finding decisions, publishing a
submitted report into the catalog)."""
