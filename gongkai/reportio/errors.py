"""The one error a reader raises: the input cannot be read as an annual report."""


class UnreadableReport(Exception):
    """A file that is not a readable annual report. The message is Chinese, for people."""
