"""Dashboard route modules; each exposes ``router``."""
