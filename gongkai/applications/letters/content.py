"""What a letter says: its title, 文号, addressee and paragraphs, built once for DOCX and PDF.

The wording follows the 2019 条例 (国务院令第711号) and cites articles exactly as
``gongkai.law.outcomes.OUTCOME_BASIS`` gives them. The elements are those spec/domain.md §8 asks of
a reply (江苏规范): 标题、文号、申请人姓名（名称）、申请事实、法律依据、处理决定、申请人复议诉讼的权利和期限、
答复主体、答复日期. The real Shanghai templates in ``shared/fixtures/letters`` gave the elements
and the mapping "reply type → letter"; their wording is the 2007 law's and is not used.

A letter's text is fixed when it is issued: ``Letter.context`` holds what the action knew (the
snapshot taken by :func:`snapshot` plus the action's own keys); facts missing from an older
letter's context are read from the application and its agency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai.law.outcomes import OUTCOME_BASIS, Outcome
from gongkai.law.statute import STATUTE_NAME

STATUTE = STATUTE_NAME  # 《中华人民共和国政府信息公开条例》
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
YOU = "您（单位）"

TITLES = {
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "consultation": "政府信息公开征求第三方意见书",
    "consultation_agency": "政府信息公开征求意见书",
    "fee": "政府信息公开信息处理费收费通知书",
    "reply": "政府信息公开申请答复书",
}

# 文号 suffixes of the notices, as the Shanghai systems numbered them (「…号-补告」); a reply's
# 文号 has none (gongkai.applications.actions.next_letter_number).
NUMBER_SUFFIXES = {"correction": "补告", "extension": "延告", "consultation": "意征", "fee": "费告"}

# The group of each outcome: one reply body per group, and the value of {{ outcome_group }}.
OUTCOME_GROUPS: dict[Outcome, str] = {
    Outcome.GRANT_ALREADY_PUBLIC: "already_public",
    Outcome.GRANT: "grant",
    Outcome.PARTIAL: "partial",
    Outcome.DENY_STATE_SECRET: "deny",
    Outcome.DENY_LAW_FORBIDS: "deny",
    Outcome.DENY_3S1S: "deny",
    Outcome.DENY_THIRD_PARTY: "deny",
    Outcome.DENY_INTERNAL: "deny",
    Outcome.DENY_PROCESS: "deny",
    Outcome.DENY_ENFORCEMENT_FILE: "deny",
    Outcome.DENY_QUERY_MATTER: "registration_query",
    Outcome.NOT_EXIST: "not_exist",
    Outcome.NOT_OUR_DUTY: "not_our_duty",
    Outcome.NEEDS_COMPILATION: "needs_compilation",
    Outcome.STILL_UNCLEAR_AFTER_CORRECTION: "still_unclear",
    Outcome.NOT_PROCESSED_PETITION: "petition",
    Outcome.NOT_PROCESSED_REPEAT: "repeat",
    Outcome.NOT_PROCESSED_PUBLICATION: "publication",
    Outcome.NOT_PROCESSED_UNREASONABLE_VOLUME: "unreasonable_volume",
    Outcome.NOT_PROCESSED_CONFIRM_REISSUE: "confirm_reissue",
    Outcome.OTHER_NO_CORRECTION: "no_correction",
    Outcome.OTHER_FEE_UNPAID: "fee_unpaid",
    Outcome.OTHER: "other",
}

# 第十四条–第十六条: why the information is withheld, in the articles' own words.
DENY_GROUNDS: dict[Outcome, str] = {
    Outcome.DENY_STATE_SECRET: "属于依法确定为国家秘密的政府信息",
    Outcome.DENY_LAW_FORBIDS: "属于法律、行政法规禁止公开的政府信息",
    Outcome.DENY_3S1S: "属于公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息",
    Outcome.DENY_THIRD_PARTY: "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    Outcome.DENY_INTERNAL: "属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）",
    Outcome.DENY_PROCESS: (
        "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息"
    ),
    Outcome.DENY_ENFORCEMENT_FILE: "属于行政执法案卷信息",
}

# 行政复议法第二十三条第一款第（四）项「申请政府信息公开，行政机关不予公开」: 复议前置. Its second
# paragraph obliges the agency to say so in the decision. A 部分公开 reply withholds a part.
PRIOR_RECONSIDERATION = frozenset(DENY_GROUNDS) | {Outcome.PARTIAL}


def chinese_date(value: date | str | None) -> str:
    """「2025年9月25日」 (GB/T 9704-2012: Arabic numerals, no leading zeros)."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def citation(basis: str) -> str:
    return f"{STATUTE}{basis}"


# --- the facts an action records when it issues a letter -------------------------------------------
def reconsideration_body(agency: Any) -> str:
    """The 行政复议机关 when the agency tree says it (行政复议法第二十四条: a county-level or higher
    government for its departments and for the governments one level below); else "" and the
    letter says 「依法申请行政复议」 without naming one."""
    from gongkai.agencies.models import Agency

    parent = agency.parent
    if parent is None or parent.kind != Agency.Kind.GOVERNMENT:
        return ""
    if agency.kind in (Agency.Kind.DEPARTMENT, Agency.Kind.GOVERNMENT):
        return parent.name
    return ""


def snapshot(application: Any) -> dict[str, Any]:
    """What a letter must keep as it was on the day it was issued (JSON-safe)."""
    from gongkai.applications.models import CaseEvent, EventKind, State

    data = base_facts(application, application.agency)
    if application.pk:
        events = {
            kind: on
            for kind, on in CaseEvent.objects.filter(
                application=application,
                kind__in=[EventKind.CORRECTION_REQUESTED, EventKind.CORRECTION_RECEIVED],
            ).values_list("kind", "on")
        }
        if EventKind.CORRECTION_REQUESTED in events:
            data["correction_requested_on"] = _iso(events[EventKind.CORRECTION_REQUESTED])
        if EventKind.CORRECTION_RECEIVED in events:
            data["correction_received_on"] = _iso(events[EventKind.CORRECTION_RECEIVED])
        if application.outcome == Outcome.NOT_PROCESSED_REPEAT.name and application.id_digest:
            earlier = (
                type(application)
                .objects.filter(
                    agency_id=application.agency_id,
                    id_digest=application.id_digest,
                    description_digest=application.description_digest,
                    state__in=[State.REPLIED, State.ARCHIVED],
                )
                .exclude(pk=application.pk)
                .order_by("-closed_on", "-pk")
                .values("reply_number", "closed_on")
                .first()
            )
            if earlier:
                data["previous_reply_number"] = earlier["reply_number"]
                data["previous_reply_on"] = _iso(earlier["closed_on"])
    return data


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


# --- the content ----------------------------------------------------------------------------------
@dataclass
class LetterContent:
    """Everything a template may use (docs/letters.md lists each placeholder)."""

    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def title(self) -> str:
        return self.values["title"]

    @property
    def number(self) -> str:
        return self.values["number"]

    @property
    def body(self) -> list[str]:
        return self.values["body"]


def build(letter: Any) -> LetterContent:
    """The content of an issued ``Letter`` row."""
    application = letter.application
    agency = application.agency
    ctx: dict[str, Any] = {**base_facts(application, agency), **(letter.context or {})}
    kind = letter.kind
    builder = _BUILDERS[kind]
    values: dict[str, Any] = {
        "kind": kind,
        "kind_label": letter.get_kind_display(),
        "title": TITLES[kind],
        "number": letter.number,
        "applicant": ctx["applicant"],
        "addressee": ctx["applicant"],
        "tracking_code": ctx.get("tracking_code", application.tracking_code),
        "request": ctx["request"],
        "document_number": ctx.get("document_number", ""),
        "received_date": chinese_date(ctx.get("received_on")),
        "agency": ctx["agency_name"],
        "office": ctx.get("office_name", ""),
        "office_address": ctx.get("office_address", ""),
        "office_postcode": ctx.get("office_postcode", ""),
        "office_phone": ctx.get("office_phone", ""),
        "date": chinese_date(letter.issued_on),
        "issued_on": letter.issued_on.isoformat(),
        "reconsideration_body": ctx.get("reconsideration_body", ""),
        "outcome": "",
        "outcome_label": "",
        "outcome_group": "",
        "basis": "",
        "basis_citation": "",
        "prior_reconsideration": False,
        "facts": [],
        "decision": [],
        "reasons": [],
        "remedies": [],
        "contact": [],
        "closing": "特此告知。",
        "appendix_title": "",
        "appendix": [],
        # Each kind's own facts; present (empty) in every letter so any template may ask for them.
        "correction_matters": [],
        "correction_deadline": "",
        "extension_days": "",
        "extension_grounds": "",
        "reply_due": "",
        "consultation_party": "",
        "consultation_reply_due": "",
        "fee_method": "",
        "fee_quantity": "",
        "fee_amount": "",
        "fee_explanation": "",
        "fee_payment_due": "",
        "payment_method": "",
        "responsible_agency": "",
        "responsible_contact": "",
    }
    builder(values, ctx)
    values["body"] = [
        *values["facts"],
        *values["decision"],
        *values["reasons"],
        *values["remedies"],
        *values["contact"],
        *([values["closing"]] if values["closing"] else []),
    ]
    return LetterContent(values)


def base_facts(application: Any, agency: Any) -> dict[str, Any]:
    """The application's and agency's facts a letter states; for a letter issued before its context
    kept them, today's values."""
    return {
        "applicant": application.name,
        "tracking_code": application.tracking_code,
        "request": application.description,
        "document_number": application.document_number,
        "received_on": application.received_on.isoformat() if application.received_on else "",
        "medium": application.get_medium_display(),
        "delivery": application.get_delivery_display(),
        "agency_name": agency.name,
        "office_name": agency.office_name,
        "office_address": agency.office_address,
        "office_postcode": agency.office_postcode,
        "office_phone": agency.office_phone,
        "reconsideration_body": reconsideration_body(agency),
    }


def _paragraphs(text: str) -> list[str]:
    """Staff-written text as paragraphs, each ending as a sentence does."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            found.append(line if line[-1] in "。！？；：…）)」”" else f"{line}。")
    return found


def _facts(ctx: dict[str, Any], *, who: str = YOU) -> str:
    received = chinese_date(ctx.get("received_on"))
    request = ctx["request"].replace("\n", "；")
    number = f"（文号：{ctx['document_number']}）" if ctx.get("document_number") else ""
    return f"本机关于{received}收到{who}提出的政府信息公开申请，申请获取“{request}”{number}。"


def _contact(values: dict[str, Any]) -> list[str]:
    parts = []
    if values["office_address"]:
        postcode = f"（邮政编码：{values['office_postcode']}）" if values["office_postcode"] else ""
        parts.append(f"联系地址：{values['office_address']}{postcode}")
    if values["office_phone"]:
        parts.append(f"联系电话：{values['office_phone']}")
    return ["；".join(parts) + "。"] if parts else []


# --- notices --------------------------------------------------------------------------------------
def _correction(values: dict[str, Any], ctx: dict[str, Any]) -> None:
    deadline = chinese_date(ctx.get("deadline"))
    values["correction_matters"] = _paragraphs(ctx.get("matters", ""))
    values["correction_deadline"] = deadline
    values["basis"] = "第三十条"
    values["basis_citation"] = citation("第三十条")
    values["facts"] = [_facts(ctx)]
    values["decision"] = [
        f"经审查，{YOU}的申请内容不明确。根据{citation('第三十条')}的规定，现一次性告知{YOU}对以下事项作出补正：",
        *values["correction_matters"],
        f"请{YOU}于{deadline}前（含当日）向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
        f"{YOU}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    values["contact"] = _contact(values)


def _extension(values: dict[str, Any], ctx: dict[str, Any]) -> None:
    days = ctx.get("days", "")
    grounds = (ctx.get("grounds") or "").strip().rstrip("。")
    due = chinese_date(ctx.get("reply_due"))
    values.update(extension_days=days, extension_grounds=grounds, reply_due=due)
    values["basis"] = "第三十三条第二款"
    values["basis_citation"] = citation("第三十三条第二款")
    because = f"因{grounds}，" if grounds else ""
    values["facts"] = [_facts(ctx)]
    values["decision"] = [
        f"{because}本机关不能在法定期限内作出答复。根据{citation('第三十三条第二款')}的规定，"
        f"经本机关政府信息公开工作机构负责人同意，答复期限延长{days}个工作日"
        + (f"，本机关将于{due}前作出答复。" if due else "。")
    ]


def _consultation(values: dict[str, Any], ctx: dict[str, Any]) -> None:
    party = ctx.get("party", "")
    other_agency = ctx.get("party_kind") == "其他机关"
    article = ctx.get("article") or ("第三十四条" if other_agency else "第三十二条")
    due = chinese_date(ctx.get("reply_due"))
    values.update(addressee=party, consultation_party=party, consultation_reply_due=due)
    values["basis"] = article
    values["basis_citation"] = citation(article)
    matters = _paragraphs(ctx.get("matters", ""))
    # The consulted party learns what is asked for, not who asked (《个人信息保护法》: no need to know).
    values["facts"] = [_facts(ctx, who="申请人")]
    if other_agency:
        values["title"] = TITLES["consultation_agency"]
        values["decision"] = [
            f"经审查，该申请所涉政府信息由本机关与贵机关共同制作。根据{citation(article)}的规定，现征求贵机关意见。",
            *matters,
            "请贵机关自收到本征求意见书之日起15个工作日内提出意见；逾期未提出意见的，视为同意公开。",
        ]
        you = "贵机关"
    else:
        values["decision"] = [
            f"经审查，该申请所涉政府信息公开可能损害{YOU}的合法权益。根据{citation(article)}的规定，"
            f"现书面征求{YOU}的意见。",
            *matters,
            f"请{YOU}自收到本意见书之日起15个工作日内提出是否同意公开的书面意见；不同意公开的，请说明理由。"
            f"{YOU}逾期未提出意见的，由本机关依照{STATUTE}的规定决定是否公开。",
        ]
        you = "本人（单位）"
    if due:
        values["decision"].append(f"按本机关发出之日计算，提出意见的期限至{due}。")
    values["contact"] = _contact(values)
    values["appendix_title"] = "征求意见回执"
    values["appendix"] = [
        f"{values['agency']}：",
        f"对《{values['title']}》"
        + (f"（{values['number']}）" if values["number"] else "")
        + f"所涉政府信息是否公开，{you}意见如下：",
        "□ 同意公开",
        "□ 不同意公开，理由：",
        "（签名或者盖章）",
        "年　　月　　日",
    ]


def _fee(values: dict[str, Any], ctx: dict[str, Any]) -> None:
    method = ctx.get("method", "")
    article = "第五条" if method == "按量计收" else "第四条"
    due = chinese_date(ctx.get("payment_due"))
    values.update(
        fee_method=method,
        fee_quantity=ctx.get("quantity", ""),
        fee_amount=ctx.get("amount", ""),
        fee_explanation=ctx.get("explanation", ""),
        fee_payment_due=due,
        payment_method=ctx.get("payment_method", ""),
    )
    values["basis"] = "第四十二条"
    values["basis_citation"] = citation("第四十二条")
    values["facts"] = [_facts(ctx)]
    pay = values["payment_method"] or (
        f"请与本机关联系确认（联系电话：{values['office_phone']}）"
        if values["office_phone"]
        else "请与本机关联系确认"
    )
    values["decision"] = [
        f"经审查，{YOU}申请公开政府信息的数量、频次明显超过合理范围。根据{citation('第四十二条')}"
        f"和{FEE_RULES}{article}的规定，本机关决定收取信息处理费。",
        f"收费标准和数额：{values['fee_explanation']}应缴纳信息处理费人民币{values['fee_amount']}元。",
        f"缴纳方式：{pay}。缴款时请注明申请查询码 {values['tracking_code']}。",
        f"请{YOU}自收到本通知书之日起20个工作日内缴纳"
        + (f"（按本机关发出之日计算，至{due}）" if due else "")
        + "。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    values["contact"] = _contact(values)


# --- replies --------------------------------------------------------------------------------------
def _reply(values: dict[str, Any], ctx: dict[str, Any]) -> None:
    outcome = Outcome[ctx["outcome"]] if ctx.get("outcome") else Outcome.OTHER
    basis = OUTCOME_BASIS[outcome]
    values.update(
        outcome=outcome.name,
        outcome_label=outcome.label,
        outcome_group=OUTCOME_GROUPS[outcome],
        basis=basis,
        basis_citation=citation(basis) if basis else "",
        prior_reconsideration=outcome in PRIOR_RECONSIDERATION,
        responsible_agency=ctx.get("responsible_agency", ""),
        responsible_contact=ctx.get("responsible_contact", ""),
    )
    facts = [_facts(ctx)]
    if ctx.get("correction_received_on"):
        facts.append(f"{YOU}于{chinese_date(ctx['correction_received_on'])}补正了申请。")
    values["facts"] = facts
    values["decision"] = REPLY_BODIES[outcome](ctx, values)
    values["reasons"] = _paragraphs(ctx.get("reasons", ""))
    values["remedies"] = remedies(outcome, values["reconsideration_body"])


def remedies(outcome: Outcome, body: str) -> list[str]:
    """The applicant's rights to 行政复议 and 行政诉讼 and their periods; 复议前置 where it applies."""
    where = f"向{body}" if body else "依法"
    general = (
        f"可以依照{RECONSIDERATION_LAW}第二十条的规定，自收到本答复书之日起六十日内{where}申请行政复议；"
        f"或者依照{LITIGATION_LAW}第四十六条的规定，自收到本答复书之日起六个月内向人民法院提起行政诉讼。"
    )
    if outcome not in PRIOR_RECONSIDERATION:
        return [f"{YOU}如对本答复不服，{general}"]
    first = (
        f"{YOU}如对本答复中不予公开的决定不服，依照{RECONSIDERATION_LAW}第二十三条第一款第（四）项的规定，"
        f"应当先申请行政复议：可以依照该法第二十条的规定，自收到本答复书之日起六十日内{where}申请行政复议；"
        f"对行政复议决定不服的，可以依照{LITIGATION_LAW}第四十五条的规定，自收到行政复议决定书之日起十五日内"
        "向人民法院提起行政诉讼。"
    )
    if outcome is Outcome.PARTIAL:
        return [first, f"{YOU}如对本答复的其他内容不服，{general}"]
    return [first]


def _decide(ctx: dict[str, Any], values: dict[str, Any], finding: str, decision: str) -> list[str]:
    basis = values["basis"]
    return [f"{finding}根据{citation(basis)}的规定，{decision}"]


def _already_public(ctx, values):
    return _decide(
        ctx,
        values,
        f"经审查，{YOU}申请获取的政府信息已经主动公开。",
        f"现告知{YOU}获取该政府信息的方式、途径如下：",
    )


def _grant(ctx, values):
    form = "、".join(x for x in (ctx.get("medium"), ctx.get("delivery")) if x)
    how = f"按照{YOU}要求的形式（{form}）" if form else ""
    return _decide(
        ctx,
        values,
        f"经审查，{YOU}申请获取的政府信息属于可以公开的政府信息。",
        f"本机关{how}向{YOU}提供该政府信息，具体如下：",
    )


def _partial(ctx, values):
    return _decide(
        ctx,
        values,
        f"经审查，{YOU}申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。",
        f"本机关向{YOU}提供可以公开的政府信息内容，并对不予公开的内容说明理由如下：",
    )


def _deny(ctx, values):
    outcome = Outcome[values["outcome"]]
    return [
        f"经审查，{YOU}申请获取的政府信息{DENY_GROUNDS[outcome]}。根据{citation(values['basis'])}"
        f"和第三十六条第（三）项的规定，本机关决定不予公开。理由如下："
    ]


def _registration_query(ctx, values):
    return _decide(
        ctx,
        values,
        f"经审查，{YOU}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。",
        f"请{YOU}依照有关法律、行政法规的规定办理。",
    )


def _not_exist(ctx, values):
    return _decide(
        ctx,
        values,
        f"经检索，本机关没有{YOU}所申请公开的政府信息。",
        f"现告知{YOU}该政府信息不存在。",
    )


def _not_our_duty(ctx, values):
    paragraphs = _decide(
        ctx,
        values,
        f"经审查，{YOU}所申请公开的信息不属于本机关负责公开。",
        f"现告知{YOU}并说明理由如下：",
    )
    agency = values.get("responsible_agency")
    if agency:
        contact = values.get("responsible_contact")
        paragraphs.append(
            f"负责公开该政府信息的行政机关为{agency}" + (f"，联系方式：{contact}。" if contact else "。")
        )
    return paragraphs


def _needs_compilation(ctx, values):
    return _decide(
        ctx,
        values,
        f"经审查，{YOU}申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关没有现成的政府信息。",
        "本机关不予提供。",
    )


def _still_unclear(ctx, values):
    asked = chinese_date(ctx.get("correction_requested_on"))
    when = f"于{asked}" if asked else "已"
    return _decide(
        ctx,
        values,
        f"本机关{when}告知{YOU}补正申请，{YOU}补正后申请内容仍不明确，本机关无法确定{YOU}所需的政府信息。",
        "本机关无法提供。",
    )


def _petition(ctx, values):
    return _decide(
        ctx,
        values,
        f"经审查，{YOU}是以政府信息公开申请的形式进行信访、投诉、举报等活动。",
        f"本机关不作为政府信息公开申请处理，{YOU}可以通过信访、投诉、举报等相应渠道提出。",
    )


def _repeat(ctx, values):
    earlier = ""
    if ctx.get("previous_reply_number") or ctx.get("previous_reply_on"):
        on = chinese_date(ctx.get("previous_reply_on"))
        number = ctx.get("previous_reply_number", "")
        earlier = "（" + "，".join(x for x in (on and f"{on}答复", number and f"文号：{number}") if x) + "）"
    return _decide(
        ctx,
        values,
        f"本机关已就{YOU}提出的政府信息公开申请作出答复{earlier}，{YOU}重复申请公开相同政府信息。",
        "本机关不予重复处理。",
    )


def _publication(ctx, values):
    return _decide(
        ctx,
        values,
        f"经审查，{YOU}申请获取的是政府公报、报刊、书籍等公开出版物。",
        f"现告知{YOU}获取的途径如下：",
    )


def _unreasonable_volume(ctx, values):
    return _decide(
        ctx,
        values,
        f"{YOU}申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，本机关认为申请理由不合理。",
        "本机关不予处理。",
    )


def _confirm_reissue(ctx, values):
    # No article of the 条例 names this case (spec/domain.md §1.3.1: 江苏规范 only): none is cited.
    return [
        f"经审查，{YOU}的申请是要求本机关确认或者重新出具{YOU}已获取的政府信息，"
        f"不属于{STATUTE}规定的政府信息公开申请，本机关不予处理。"
    ]


def _no_correction(ctx, values):
    asked = chinese_date(ctx.get("correction_requested_on"))
    when = f"于{asked}" if asked else "已"
    return _decide(
        ctx,
        values,
        f"本机关{when}告知{YOU}补正申请，{YOU}无正当理由逾期未补正。",
        "视为放弃申请，本机关不再处理该政府信息公开申请。",
    )


def _fee_unpaid(ctx, values):
    return [
        f"本机关已向{YOU}发出收费通知，{YOU}逾期未缴纳信息处理费。根据{citation(values['basis'])}和{FEE_RULES}"
        "的规定，视为放弃申请，本机关不再处理该政府信息公开申请。"
    ]


def _other(ctx, values):
    return [f"本机关对{YOU}的申请处理如下："]


REPLY_BODIES = {
    Outcome.GRANT_ALREADY_PUBLIC: _already_public,
    Outcome.GRANT: _grant,
    Outcome.PARTIAL: _partial,
    **{o: _deny for o in DENY_GROUNDS},
    Outcome.DENY_QUERY_MATTER: _registration_query,
    Outcome.NOT_EXIST: _not_exist,
    Outcome.NOT_OUR_DUTY: _not_our_duty,
    Outcome.NEEDS_COMPILATION: _needs_compilation,
    Outcome.STILL_UNCLEAR_AFTER_CORRECTION: _still_unclear,
    Outcome.NOT_PROCESSED_PETITION: _petition,
    Outcome.NOT_PROCESSED_REPEAT: _repeat,
    Outcome.NOT_PROCESSED_PUBLICATION: _publication,
    Outcome.NOT_PROCESSED_UNREASONABLE_VOLUME: _unreasonable_volume,
    Outcome.NOT_PROCESSED_CONFIRM_REISSUE: _confirm_reissue,
    Outcome.OTHER_NO_CORRECTION: _no_correction,
    Outcome.OTHER_FEE_UNPAID: _fee_unpaid,
    Outcome.OTHER: _other,
}

_BUILDERS = {
    "correction": _correction,
    "extension": _extension,
    "consultation": _consultation,
    "fee": _fee,
    "reply": _reply,
}
