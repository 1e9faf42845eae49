"""The supervising office (政务公开办): its subordinates' annual reports — status, deadlines and
reminders, the government-wide aggregate report, cross-agency outliers."""
