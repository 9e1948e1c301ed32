"""Reply letters (告知书): the text for each outcome, and the DOCX/PDF the applicant receives."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from gongkai.documents.letter import Letter, chinese_date, render_docx, render_pdf
from gongkai.office import downloads

from .domain.letter_templates import fill, template_problems
from .domain.outcomes import OUTCOMES, legal_basis, remedies_text
from .models import LetterTemplate

# The opening facts and the decision of each kind of reply. {basis} is the provision cited.
_DECISIONS = {
    "disclosed": "经审查，您申请获取的政府信息属于公开范围，根据{basis}的规定，现予以公开，详见附件。",
    "partially_disclosed": "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据{basis}的规定，"
    "现向您提供可以公开的部分，不予公开的部分及理由见下表。",
    "withheld": "经审查，您申请获取的政府信息属于不予公开的范围，根据{basis}的规定，本机关决定不予公开。",
    "unavailable_not_held": "经检索查找，本机关未制作、获取您申请的政府信息。根据{basis}的规定，告知您该政府信息不存在。",
    "unavailable_needs_creation": "您申请获取的信息需要本机关对现有政府信息进行加工、分析方能形成。根据{basis}的规定，本机关不予提供。",
    "unavailable_still_unclear": "本机关已告知您补正申请内容，但补正后的申请内容仍不明确，无法确定您所需的政府信息。根据{basis}的规定，本机关无法提供。",
    "not_processed_petition": "您提出的申请实际上是信访、投诉、举报等诉求。根据{basis}的规定，本机关不作为政府信息公开申请处理，请通过相应渠道提出。",
    "not_processed_duplicate": "您提出的申请与此前已答复的申请内容相同。根据{basis}的规定，本机关不予重复处理。",
    "not_processed_publication": "您申请获取的是公开出版物。根据{basis}的规定，请通过公开出版物的渠道获取。",
    "not_processed_excessive": "您申请公开政府信息的数量、频次明显超过合理范围，且未能说明理由或理由不合理。根据{basis}的规定，本机关不予处理。",
    "not_processed_confirmation": "您要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。",
    "other_no_correction": "本机关已告知您补正申请，您无正当理由逾期未补正。根据{basis}的规定，视为您放弃申请，本机关不再处理。",
    "other_unpaid_fee": "本机关已向您发出收费通知，您逾期未缴纳信息处理费。根据{basis}的规定，本机关不再处理您的申请。",
    "other_misc": "本机关对您的申请作如下处理：",
}


DEFAULT_TEMPLATE = (
    "本机关于{收到日期}收到您提出的政府信息公开申请，您申请获取：{申请内容}\n{决定}\n{救济途径}"
)


def template_body(outcome: str) -> str:
    """The built-in wording of the decision, as an agency starts from when editing."""
    key = outcome if outcome in _DECISIONS else OUTCOMES[outcome].group
    decision = _DECISIONS.get(key, _DECISIONS["other_misc"]).replace("{basis}", "{法律依据}")
    return DEFAULT_TEMPLATE.replace("{决定}", decision)


def default_body(req, outcome: str, *, replied_on) -> str:
    received = chinese_date(req.received_on) if req.received_on else "（收到日期）"
    # Since the 2023 revision of the reconsideration law, a department's act goes to the
    # government it belongs to and a government's to the one above: the agency's parent.
    parent = req.agency.parent.name if req.agency.parent_id else None
    values = {
        "收到日期": received,
        "申请内容": req.description.strip(),
        "法律依据": legal_basis(outcome) or "《中华人民共和国政府信息公开条例》",
        "救济途径": remedies_text(outcome, replied_on, reconsideration_body=parent),
    }
    own = LetterTemplate.objects.filter(agency=req.agency, outcome=outcome).first()
    # A template stored before the checks existed, and faulty, gives way to the built-in wording.
    usable = own is not None and not template_problems(own.body)
    return fill(own.body if usable else template_body(outcome), values)


def default_bodies(req, *, today) -> dict[str, str]:
    return {key: default_body(req, key, replied_on=today) for key in OUTCOMES}


# Where the remedies paragraph starts, in the built-in wording and in most offices' own.
_REMEDIES_MARKERS = ("如对本答复不服", "申请行政复议", "提起行政诉讼")


def letter_number(req, reply) -> str:
    """依申复〔2026〕35号: GB/T 9704 writes the serial without leading zeros."""
    serial = req.number.rsplit("-", 1)[-1]
    serial = str(int(serial)) if serial.isdigit() else serial
    issuer = req.agency.short_name or req.agency.name
    return f"{issuer}依申复〔{reply.replied_on.year}〕{serial}号"


def frozen_letter(req, reply) -> dict[str, str]:
    """The number and wording of ``reply``'s letter as they stand now, to keep with it when it
    is superseded: a later change of the agency's template must not rewrite a letter given."""
    body = reply.body.strip() or default_body(req, reply.outcome, replied_on=reply.replied_on)
    return {"number": reply.letter_number or letter_number(req, reply), "body": body}


def build_letter(req, reply=None) -> Letter:
    """The letter of ``reply`` (the request's current reply, or an ``EarlierReply``)."""
    reply = reply or req.reply
    text = frozen_letter(req, reply)
    name = req.organisation_name or req.applicant_name
    withheld = [(item.get("what", ""), item.get("why", "")) for item in reply.withheld]
    paragraphs = [line for line in text["body"].splitlines() if line.strip()]
    # The withheld-items table belongs before the remedies, which close the letter.
    split = next(
        (i for i, line in enumerate(paragraphs) if any(m in line for m in _REMEDIES_MARKERS)),
        len(paragraphs),
    )
    return Letter(
        issuer=req.agency.name,
        title="政府信息公开申请答复书",
        number=text["number"],
        addressee=name,
        paragraphs=paragraphs[:split],
        closing=paragraphs[split:],
        signed_on=reply.replied_on,
        withheld=withheld,
    )


def download(req, fmt: str, *, earlier=None) -> HttpResponse:
    """The current reply's letter, or with ``earlier`` that superseded one's."""
    renderers = {"docx": render_docx, "pdf": render_pdf}
    if fmt not in renderers:
        raise Http404
    name = f"reply-{req.number}" + (f"-{earlier.closed_on:%Y%m%d}" if earlier else "")
    return downloads.download(renderers[fmt](build_letter(req, earlier)), f"{name}.{fmt}")
