"""bireader: a Japanese–English bilingual reader for the terminal."""

__version__ = "0.1.0"

__all__ = ["__version__"]
