"""Security plumbing: the data directory's permissions, response headers, password rules, error pages.

Modules here import nothing from Django at import time where settings.py needs them
(:mod:`gongkai.security.var_dir`), so settings can use them without side effects.
"""
