"""The public upload form: one report file, or its text pasted."""

from __future__ import annotations

from pathlib import Path

from django import forms

from gongkai.reportio import EXTENSIONS

MAX_UPLOAD = 20 * 1024 * 1024
MAX_PASTE = 1_000_000  # characters; a report's text is a few tens of thousands
OUTPUTS = (("page", "在本页查看"), ("html", "下载核查报告（HTML）"), ("json", "下载核查结果（JSON）"))


class CheckForm(forms.Form):
    file = forms.FileField(
        label="年度报告文件",
        required=False,
        help_text="TXT、HTML、DOCX 或 PDF，不超过 20 MB。文件只在本次核查中使用，不保存。",
    )
    text = forms.CharField(
        label="或粘贴报告全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "从网页或文档复制的年度报告全文"}),
        max_length=MAX_PASTE,
        error_messages={"max_length": "粘贴的文字过长（最多 %(limit_value)d 字）。"},
    )
    output = forms.ChoiceField(label="结果", choices=OUTPUTS, initial="page", widget=forms.RadioSelect)

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if not f:
            return f
        suffix = Path(f.name).suffix.lower()
        if suffix not in EXTENSIONS:
            raise forms.ValidationError(
                f"不支持 {suffix or '无扩展名'} 文件，请上传 TXT、HTML、DOCX 或 PDF。"
            )
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(f"文件过大（{f.size / 1024 / 1024:.1f} MB），上限为 20 MB。")
        return f

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError("请选择一个报告文件，或粘贴报告全文。")
        return data
