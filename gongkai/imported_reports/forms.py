"""The upload form: files (a folder's files may be selected together) or ZIPs, for one office."""

from __future__ import annotations

import os

from django import forms
from django.core.exceptions import ValidationError

from gongkai.agencies.models import Agency

from . import files
from .actions import ImportReports


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


UPLOAD_SUFFIXES = (*files.REPORT_SUFFIXES, ".zip")


class ReportFilesField(forms.FileField):
    """Several files; ``folder``: a whole folder (its other files are left out)."""

    widget = MultipleFileInput

    def __init__(self, *, folder: bool = False, **kwargs):
        super().__init__(required=False, **kwargs)
        self.folder = folder
        self.widget.attrs.setdefault("accept", ",".join(UPLOAD_SUFFIXES))
        if folder:
            self.widget.attrs["webkitdirectory"] = ""

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.folder:
            uploads = [f for f in uploads if (f.name or "").lower().endswith(UPLOAD_SUFFIXES)]
        return uploads


class ImportForm(forms.Form):
    heading = "导入外部发布的年度报告"

    office = forms.ModelChoiceField(
        label="导入到（主管部门）", queryset=Agency.objects.none(), empty_label=None
    )
    files = ReportFilesField(label="年度报告文件（TXT、HTML、DOCX、PDF，可多选；或 ZIP）")
    folder = ReportFilesField(folder=True, label="或选择整个文件夹（其中的报告和 ZIP 文件都导入）")
    label = forms.CharField(label="说明（可选）", max_length=200, required=False)

    def __init__(self, *args, actor=None, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["office"].queryset = Agency.objects.filter(pk__in=[o.pk for o in offices]).order_by(
            "name"
        )

    def clean(self):
        """Sizes and count checked before any file is read."""
        data = super().clean()
        uploads = [*data.get("files", []), *data.get("folder", [])]
        if not uploads:
            raise ValidationError("请选择要导入的年度报告文件、文件夹或 ZIP 文件。")
        if len(uploads) > files.MAX_FILES:
            raise ValidationError(
                f"一次最多选择 {files.MAX_FILES} 个文件，您选择了 {len(uploads)} 个；请分批导入或打包为 ZIP。"
            )
        if sum(u.size for u in uploads) > files.MAX_TOTAL_BYTES:
            raise ValidationError(
                f"一次导入的文件合计不能超过 {files.MAX_TOTAL_BYTES // 2**20} MB，请分批导入。"
            )
        data["uploads"] = uploads
        return data

    def build(self) -> ImportReports:
        uploads = []
        for upload in self.cleaned_data["uploads"]:
            name = os.path.basename((upload.name or "报告").replace("\\", "/"))[:200]
            uploads.append((name, upload.read()))
        return ImportReports(
            self.actor, self.cleaned_data["office"], uploads, label=self.cleaned_data["label"]
        )
