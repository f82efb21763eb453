"""The interactive reader (Textual): ``ReaderApp`` in ``app.py``."""
