"""One reader per format; each turns bytes into a :class:`~gongkai.parsing.document.Document`."""
