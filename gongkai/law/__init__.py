"""The statute as code: pure Python, no Django.

Everything the regulation fixes — working days, the application clock, fees, the outcome
taxonomy, the annual report's format and its validation rules — is defined once here and used
by the web apps, the parsers and the command line.
"""
