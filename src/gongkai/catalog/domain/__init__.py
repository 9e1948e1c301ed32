"""Pure rules of proactive disclosure (主动公开): no Django here."""
