from __future__ import annotations

from django import forms

from gongkai.law.holiday_notice import HOLIDAY, MAKEUP_WORKDAY

from .actions import NORMAL


def _date_input() -> forms.DateInput:
    # A browser's date input takes only ISO dates; the zh-hans format (2025年10月1日) leaves it empty.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DayForm(forms.Form):
    date = forms.DateField(label="日期", widget=_date_input())
    kind = forms.ChoiceField(
        label="类型",
        choices=[
            (HOLIDAY, "放假"),
            (MAKEUP_WORKDAY, "调休上班"),
            (NORMAL, "常规日（周一至周五上班，周末休息）"),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label="节日名称", max_length=40, required=False, help_text="如：春节、国庆节。")
    note = forms.CharField(label="修改原因", max_length=200, required=False, help_text="记入修改历史。")


class ImportForm(forms.Form):
    FORMAT_NOTICE = "notice"
    FORMAT_CSV = "csv"

    year = forms.IntegerField(label="年份", min_value=2004, max_value=2100)
    input_format = forms.ChoiceField(
        label="内容格式",
        choices=[(FORMAT_NOTICE, "国务院办公厅通知正文"), (FORMAT_CSV, "CSV（日期,类型,名称）")],
        initial=FORMAT_NOTICE,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="粘贴通知正文中“一、元旦：……”起的各条；或粘贴 CSV，每行“2027-01-01,holiday,元旦”"
        "（类型可写 holiday/放假 或 makeup_workday/上班）。",
    )
    csv_file = forms.FileField(label="或上传 CSV 文件", required=False)
    source = forms.CharField(
        label="数据来源",
        max_length=200,
        required=False,
        help_text="如：国务院办公厅通知 国办发明电〔2025〕7号。",
    )
    notice_title = forms.CharField(label="通知标题", max_length=200, required=False)
    notice_date = forms.DateField(label="通知发布日期", required=False, widget=_date_input())

    def clean(self):
        data = super().clean()
        upload = data.get("csv_file")
        if upload:
            if upload.size > 1024 * 1024:
                raise forms.ValidationError("CSV 文件不能超过 1 MB。")
            raw = upload.read()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    data["text"] = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise forms.ValidationError("无法识别 CSV 文件的编码，请保存为 UTF-8。")
            data["input_format"] = self.FORMAT_CSV
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("请粘贴通知正文或 CSV 内容，或上传 CSV 文件。")
        return data
