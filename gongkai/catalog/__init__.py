"""主动公开: the catalog of government information (政府信息公开目录), its 第十七条 review and the
figures of the annual report's table 二 and section 一(二). Every change goes through ``actions``."""
