"""Demo consultations for the seed agency (晋江市行政服务中心管理委员会), loaded by ``gongkai demo``
after the agencies: hotline calls answered (one of them published as a Q&A, one closed without
publication), a WeChat question, a letter of complaint answered late, a visit still in hand, a
call past the answer target, and one question from the public form.

Everything goes through the actions, with the demo accounts (经办人 ``clerk``, 公开工作机构负责人
``office``) as actors, dated in the last weeks before ``context.today``. Each story is marked by
its submission key ``demo-consult-<n>``: one already there is left as it is, so loading twice
creates nothing new. A step dated after now is not taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from gongkai.agencies.demo import DemoContext

from . import actions as act
from .forms import local_datetime
from .models import Channel, Consultation, Kind

SEED = "jinjiang-xzfwzx"
KEY_PREFIX = "demo-consult-"


@dataclass(frozen=True)
class Story:
    channel: Channel
    kind: Kind
    days_ago: int
    subject: str
    question: str
    asker: str
    phone: str
    answer: str = ""
    answer_after_days: int = 0  # calendar days after receipt
    assign: bool = False
    publish: tuple[str, str, str] | None = None  # (subject, question, answer) as published
    close: bool = False


STORIES = (
    Story(
        Channel.HOTLINE, Kind.CONSULTATION, 20,
        "企业开办需要哪些材料", "王先生来电咨询：本人想在晋江开办一家鞋服贸易公司，需要准备哪些材料，能否网上办理？联系电话13905951234。",
        "王先生", "13905951234",
        answer="已电话答复：企业开办可通过“闽政通”或福建省网上办事大厅“企业开办一网通办”专区办理，需准备名称自主申报结果、股东身份证明、住所使用证明和公司章程，全程网办一般 1 个工作日内办结。",
        publish=(
            "企业开办需要哪些材料，能否网上办理？",
            "来电人咨询：想在晋江开办一家贸易公司，需要准备哪些材料，能否网上办理？",
            "企业开办可通过“闽政通”或福建省网上办事大厅“企业开办一网通办”专区办理，需准备名称自主申报结果、股东身份证明、住所使用证明和公司章程，全程网办一般 1 个工作日内办结。",
        ),
    ),
    Story(
        Channel.HOTLINE, Kind.CONSULTATION, 15,
        "不动产登记窗口周末是否办公", "来电咨询市行政服务中心不动产登记窗口周六是否办公。",
        "林女士", "13859001122", answer="已电话答复：不动产登记窗口周六上午提供延时服务（9:00—12:00），法定节假日除外。",
        answer_after_days=1, close=True,
    ),
    Story(
        Channel.WECHAT, Kind.CONSULTATION, 12,
        "社保卡补办需要多久", "微信公众号留言：社保卡丢失后到服务中心补办，当场能拿到吗？",
        "陈先生", "13700000000", answer="已在公众号回复：在中心社保窗口补办可即时制卡，携带本人身份证即可。",
        answer_after_days=3, assign=True,
    ),
    Story(
        Channel.LETTER, Kind.COMPLAINT, 18,
        "窗口工作人员服务态度问题", "来信反映某日在税务窗口办理业务时，工作人员态度生硬、未一次性告知所需材料。",
        "张先生", "0595-85661234", answer="已书面答复：经核实，已对相关工作人员进行批评教育，并落实一次性告知制度。感谢监督。",
        answer_after_days=10, assign=True, close=True,
    ),
    Story(
        Channel.VISIT, Kind.SUGGESTION, 4,
        "建议增加自助服务终端", "来访建议：在一楼大厅增加自助打印和自助取号终端，减少排队时间。",
        "黄女士", "13600001111", assign=True,
    ),
    Story(
        Channel.HOTLINE, Kind.CONSULTATION, 14,
        "公积金提取办理时限", "来电咨询住房公积金提取业务的办理时限和所需材料。",
        "吴先生", "13512345678",
    ),
)  # fmt: skip


def _tell(context: DemoContext, agency, n: int, story: Story) -> Consultation | None:
    key = f"{KEY_PREFIX}{n}"
    existing = Consultation.objects.filter(submission_key=key).first()
    if existing is not None:
        return None
    clerk, office = context.users["clerk"], context.users["office"]
    received = local_datetime(context.today - timedelta(days=story.days_ago), 9, 30)
    data = {
        "kind": story.kind,
        "subject": story.subject,
        "question": story.question,
        "asker_name": story.asker,
        "phone": story.phone,
        "email": "",
    }
    row = act.LogCall(
        clerk, agency, data, channel=story.channel, received_at=received, submission_key=key
    ).execute()
    if story.assign:
        row = act.Assign(office, row, clerk).execute()
    answered = received + timedelta(days=story.answer_after_days, hours=5)
    if not story.answer or answered > timezone.now():
        return row
    row = act.Answer(clerk, row, story.answer, at=answered).execute()
    if story.publish:
        subject, question, answer = story.publish
        row = act.Publish(clerk, row, subject=subject, question=question, answer=answer).execute()
    elif story.close:
        row = act.CloseWithoutPublication(clerk, row).execute()
    return row


def load(context: DemoContext) -> None:
    agency = context.agencies.get(SEED)
    if agency is None or "clerk" not in context.users:
        return
    made = sum(_tell(context, agency, n, story) is not None for n, story in enumerate(STORIES))
    key = f"{KEY_PREFIX}online"
    if not Consultation.objects.filter(submission_key=key).exists():
        act.SubmitOnline(
            agency,
            {
                "kind": Kind.CONSULTATION,
                "subject": "个体工商户年报在哪里填报",
                "question": "请问个体工商户的年度报告在哪里填报？逾期未报有什么影响？",
                "asker_name": "蔡先生",
                "phone": "13055556666",
                "email": "",
            },
            submission_key=key,
        ).execute()
        made += 1
    if made:
        context.note(f"政策咨询：{agency.display_name} {made} 件")
