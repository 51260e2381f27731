"""clinicseo: content and SEO automation for a cosmetic skin clinic."""

__version__ = "0.1.0"
