"""The alignment editor: review and correct the beads of a pair (``bireader align JA EN -i``)."""
