"""Annual reports published outside the system (外部发布): a supervising office imports the
files of agencies that do not use gongkai, each is checked in the background as
``gongkai check`` checks it, and the office sees them beside its in-system reports."""
