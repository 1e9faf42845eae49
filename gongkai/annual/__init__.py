"""政府信息公开工作年度报告: an agency's own report (draft → validate → sign-off → lock → publish)
and the supervising office's aggregate (kind=aggregate, whose tables gongkai.supervision sums)."""
