"""Every change to the catalog, each one action (gongkai/actions.py): :mod:`.editing` (草稿、附件、
提交审查), :mod:`.review` (第十七条 审查), :mod:`.publishing` (发布、撤回、失效/废止、修订),
:mod:`.statistics` (第二十条第（五）（六）（八）项); :mod:`.base` holds what they share. Callers
import from this package."""

from .base import ItemAction, categories_of, normalise_document_number, plain_text, rules_of, today
from .editing import DRAFT_FIELDS, AddAttachment, RemoveAttachment, SaveDraft, SubmitForReview
from .handover import BuildHandover
from .importing import ImportPublished as ImportPublished
from .publishing import Amend, ChangeValidity, Expire, Publish, Repeal, Withdraw
from .review import CHECKLIST, ReviewItem, level_action
from .statistics import SaveStatistics
from .vocabulary import *  # noqa: F403 — 信息类别、主题分类、主动公开设置 (vocabulary.__all__)

__all__ = [
    "CHECKLIST",
    "DRAFT_FIELDS",
    "AddAttachment",
    "Amend",
    "BuildHandover",
    "ChangeValidity",
    "Expire",
    "ItemAction",
    "Publish",
    "RemoveAttachment",
    "Repeal",
    "ReviewItem",
    "SaveDraft",
    "SaveStatistics",
    "SubmitForReview",
    "Withdraw",
    "categories_of",
    "level_action",
    "normalise_document_number",
    "plain_text",
    "rules_of",
    "today",
]
