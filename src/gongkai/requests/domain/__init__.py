"""The request workflow as plain Python: states and events, the statutory clock, outcomes, fees,
personal data and the request ledger. Nothing here imports Django; the app around it stores the
events and asks these modules what they mean."""
