"""Work that must happen after a change and must not be lost: outgoing e-mail and search-index
updates, written as rows in the same transaction as the change and carried out by tasks."""
