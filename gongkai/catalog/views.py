"""Staff pages of 主动公开 (/staff/catalog/, namespace ``catalog``): the agency's items with their
第二十六条 due dates, the draft form and its attachments, the item page with the 第十七条 review
trail, history and the steps the person may take now, the 待我审查 queue, the agency's
vocabularies and settings, and the 第二十条第（五）（六）（八）项 statistics (by hand or from Excel).

Every page asks the permission layer; an item outside the person's agencies is a 404 (its existence
is not confirmed). Every change is an action from :mod:`gongkai.catalog.actions`; a refusal is shown
with the action's own Chinese message, never as a server error.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.actions import REFUSALS, refusal_text
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Action, can, require, restrict, visible_agencies
from gongkai.law import statute
from gongkai.step_views import run_step

from . import actions as act
from . import index_number
from .deadlines import UNPUBLISHED_STATES, overdue_q
from .forms import (
    ITEM_FORMS,
    AttachmentForm,
    CategoryForm,
    DraftForm,
    ItemFilterForm,
    RulesForm,
    StatisticsForm,
    StatisticsImportForm,
    StatisticsPickForm,
    TopicForm,
    add_refusal,
    article20_label,
    level_name,
)
from .models import CatalogItem, Category, Disclosure, State, StatisticsEntry, Topic
from .statistics_import import StatisticsFileError, import_statistics, template_workbook
from .todo import awaiting_review

PAGE_SIZE = 50


def _today() -> date:
    return timezone.localdate()


def _items(user, action: Action = Action.VIEW):
    return restrict(user, CatalogItem.objects.select_related("agency", "category", "topic"), action)


def _item(user, pk: int) -> CatalogItem:
    """An item the person may see; any other is "not found"."""
    return get_object_or_404(_items(user), pk=pk)


def is_overdue(item: CatalogItem, today: date) -> bool:
    """第二十六条: proactive, not published, and its due date has passed (as ``overdue_q``)."""
    return (
        item.state in UNPUBLISHED_STATES
        and item.disclosure == Disclosure.PROACTIVE
        and item.publish_due is not None
        and item.publish_due < today
    )


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _nav(user) -> dict[str, Any]:
    return {
        "may_draft": visible_agencies(user, Action.EDIT).exists(),
        "may_configure": visible_agencies(user, Action.EDIT_AGENCY).exists(),
        "may_topics": can(user, Action.MANAGE_AGENCIES),
    }


# --- the list -------------------------------------------------------------------------------------
@login_required
@require_safe
def item_list(request):
    user, today = request.user, _today()
    agencies = visible_agencies(user).order_by("name")
    if not agencies.exists():
        raise PermissionDenied("您的账号尚未分配到任何机关，不能查看政府信息。请联系系统管理员。")
    queryset = _items(user)
    categories = Category.objects.filter(agency__in=agencies).only("name")
    years = sorted({d.year for d in queryset.dates("published_on", "year")} | {today.year}, reverse=True)
    form = ItemFilterForm(request.GET or None, agencies=agencies, categories=categories, years=years)
    if form.is_bound and form.is_valid():
        f = form.cleaned_data
        if f["q"].strip():
            q = f["q"].strip()
            queryset = queryset.filter(
                Q(title__icontains=q) | Q(index_number__icontains=q) | Q(document_number__icontains=q)
            )
        if f["agency"]:
            queryset = queryset.filter(agency=f["agency"])
        if f["state"]:
            queryset = queryset.filter(state=f["state"])
        if f["category"]:
            queryset = queryset.filter(category__name=f["category"])
        if f["year"]:
            queryset = queryset.filter(
                Q(published_on__year=f["year"]) | Q(published_on__isnull=True, created_at__year=f["year"])
            )
        if f["mine"]:
            queryset = awaiting_review(user, queryset)
        if f["overdue"]:
            queryset = queryset.filter(overdue_q(today))
    queryset = queryset.order_by(F("published_on").desc(nulls_first=True), "-id")
    page, query = _page(request, queryset)
    context = {
        "form": form,
        "page": page,
        "rows": [{"item": item, "overdue": is_overdue(item, today)} for item in page],
        "query": query,
        "several_agencies": agencies.count() > 1,
        "today": today,
        "statute": statute,
        **_nav(user),
    }
    return render(request, "catalog/list.html", context)


@login_required
@require_safe
def review_queue(request):
    user, today = request.user, _today()
    queryset = awaiting_review(user, _items(user)).order_by("publish_due", "id")
    page, query = _page(request, queryset)
    rows = [
        {"item": item, "overdue": is_overdue(item, today), "level": level_name(item.review_level)}
        for item in page
    ]
    context = {"page": page, "rows": rows, "query": query, "today": today, **_nav(user)}
    return render(request, "catalog/queue.html", context)


# --- drafting -------------------------------------------------------------------------------------
KEY_SALT = "gongkai.catalog.draft-key"
KEY_MAX_AGE = 24 * 3600


def new_form_key(user, agency: Agency) -> str:
    return signing.dumps({"k": secrets.token_urlsafe(18), "u": user.pk, "a": agency.pk}, salt=KEY_SALT)


def read_form_key(token: str, user, agency: Agency) -> str | None:
    """The one-time key of a new-draft form, if it was issued to this person for this agency."""
    try:
        data = signing.loads(token or "", salt=KEY_SALT, max_age=KEY_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("a") != agency.pk:
        return None
    return f"catalog-draft:{data['k']}"


@login_required
@require_safe
def new_draft(request):
    agencies = visible_agencies(request.user, Action.EDIT).order_by("name")
    if not agencies.exists():
        raise PermissionDenied("您无权起草政府信息（需要本机关经办人、科室负责人或公开工作机构负责人角色）。")
    if agencies.count() == 1:
        return redirect("catalog:new_for", code=agencies.get().code)
    return render(request, "catalog/choose_agency.html", {"agencies": agencies, **_nav(request.user)})


def _draft_page(
    request, agency: Agency, form: DraftForm, item: CatalogItem | None, *, status=200, attach=None
):
    context = {
        "agency": agency,
        "form": form,
        "item": item,
        "attach_form": attach or AttachmentForm(),
        "attachments": item.attachments.all() if item else [],
        "statute": statute,
        **_nav(request.user),
    }
    return render(request, "catalog/draft_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def new_for(request, code: str):
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.EDIT, agency)
    if request.method != "POST":
        form = DraftForm(agency=agency, initial={"form_key": new_form_key(request.user, agency)})
        return _draft_page(request, agency, form, None)
    form = DraftForm(request.POST, agency=agency)
    if not form.is_valid():
        return _draft_page(request, agency, form, None, status=400)
    key = read_form_key(form.cleaned_data["form_key"], request.user, agency)
    if key is None:
        form.add_error(None, "本页面已失效（打开时间过长或内容不完整）。请核对填写的内容后重新提交。")
        form.data = form.data.copy()
        form.data["form_key"] = new_form_key(request.user, agency)
        return _draft_page(request, agency, form, None, status=400)
    earlier = CatalogItem.objects.filter(submission_key=key).first()
    if earlier is None:
        action = form.build(request.user, submission_key=key)
        try:
            with transaction.atomic():
                # Two submissions of the same form wait for each other here; the second's action
                # then finds the first's draft by its key and answers with it.
                act.rules_of(agency, lock=True)
                item = action.execute()
        except REFUSALS as exc:
            add_refusal(form, exc)
            return _draft_page(request, agency, form, None, status=400)
        except IntegrityError:  # the other one committed between our look and our save
            earlier = CatalogItem.objects.get(submission_key=key)
        else:
            earlier = action.earlier
    if earlier is not None:
        messages.info(request, "该草稿已经保存过，没有重复创建。")
        return redirect("catalog:edit", pk=earlier.pk)
    messages.success(request, "已保存草稿。可以继续上传附件，完成后提交审查。")
    return redirect("catalog:edit", pk=item.pk)


def _editable(request, pk: int) -> CatalogItem:
    item = _item(request.user, pk)
    require(request.user, Action.EDIT, item)
    return item


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    item = _editable(request, pk)
    if item.state != State.DRAFT:
        messages.error(request, f"该信息目前“{item.get_state_display()}”，不能修改。")
        return redirect("catalog:item", pk=item.pk)
    if request.method != "POST":
        return _draft_page(request, item.agency, DraftForm(agency=item.agency, item=item), item)
    form = DraftForm(request.POST, agency=item.agency, item=item)
    if form.is_valid():
        try:
            form.build(request.user).execute()
        except REFUSALS as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "已保存草稿。")
            return redirect("catalog:edit", pk=item.pk)
    return _draft_page(request, item.agency, form, item, status=400)


@login_required
@require_POST
def attach(request, pk: int):
    """Upload one or more files to a draft: all of them, or none if any is refused."""
    item = _editable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                for name, upload in form.cleaned_data["files"]:
                    act.AddAttachment(request.user, item, name=name, data=upload.read()).execute()
        except REFUSALS as exc:
            form.add_error("files", refusal_text(exc))
        else:
            messages.success(request, f"已上传 {len(form.cleaned_data['files'])} 个附件。")
            return redirect(f"{reverse('catalog:edit', args=[item.pk])}#attachments")
    if item.state != State.DRAFT:
        messages.error(request, "附件未能上传：" + "；".join(form.errors.get("files", [])))
        return redirect("catalog:item", pk=item.pk)
    return _draft_page(
        request, item.agency, DraftForm(agency=item.agency, item=item), item, status=400, attach=form
    )


@login_required
@require_POST
def detach(request, pk: int, attachment_pk: int):
    item = _editable(request, pk)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    try:
        act.RemoveAttachment(request.user, attachment).execute()
    except REFUSALS as exc:
        messages.error(request, f"附件未能删除：{refusal_text(exc)}")
        return redirect("catalog:item", pk=item.pk)
    messages.success(request, f"已删除附件“{attachment.name}”。")
    return redirect(f"{reverse('catalog:edit', args=[item.pk])}#attachments")


@login_required
@require_safe
def attachment(request, pk: int, attachment_pk: int):
    item = _item(request.user, pk)
    row = get_object_or_404(item.attachments, pk=attachment_pk)
    name = row.name if row.name.lower().endswith(f".{row.kind}") else f"{row.name}.{row.kind}"
    response = FileResponse(
        row.file.open("rb"), as_attachment=True, filename=name, content_type=row.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- the item page --------------------------------------------------------------------------------
def _review_steps(item: CatalogItem) -> list[dict[str, Any]]:
    return [
        {
            "step": step,
            "level_name": level_name(step.level),
            "answers": [(label, getattr(step, key)) for key, label in act.CHECKLIST.items()],
        }
        for step in item.reviews.select_related("reviewer").order_by("id")
    ]


def _render_item(request, item: CatalogItem, *, failed=None, status: int = 200):
    user, today = request.user, _today()
    forms = []
    for name, form_class in ITEM_FORMS.items():
        if failed is not None and failed.name == name:
            forms.append(failed)
        elif form_class.applies(item, user):
            forms.append(form_class(item=item, user=user))
    context = {
        "item": item,
        "article20": article20_label(item.article20_item),
        "overdue": is_overdue(item, today),
        "attachments": item.attachments.all(),
        "steps": _review_steps(item),
        "history": item.history.select_related("history_user").order_by("-history_id")[:100],
        "interpretations": item.interpretations.all(),
        "forms": forms,
        "failed": failed,
        "can_edit": item.state == State.DRAFT and can(user, Action.EDIT, item),
        "review_levels": act.rules_of(item.agency_id).review_levels,
        "waiting_for": level_name(item.review_level) if item.state == State.REVIEW else "",
        "today": today,
        "statute": statute,
        **_nav(user),
    }
    return render(request, "catalog/item.html", context, status=status)


@login_required
@require_safe
def item(request, pk: int):
    return _render_item(request, _item(request.user, pk))


@login_required
@require_POST
def item_action(request, pk: int, name: str):
    item = _item(request.user, pk)
    form_class = ITEM_FORMS.get(name)
    if form_class is None:
        raise Http404("没有这项操作。")
    form = form_class(request.POST, item=item, user=request.user)
    return run_step(
        request,
        form,
        page=lambda **kw: _render_item(request, item, **kw),
        reread_page=lambda **kw: _render_item(request, _item(request.user, pk), **kw),
        done=reverse("catalog:item", args=[item.pk]),
    )


# --- vocabularies and settings --------------------------------------------------------------------
@login_required
@require_safe
def settings_index(request):
    agencies = visible_agencies(request.user, Action.EDIT_AGENCY).order_by("name")
    if not agencies.exists() and not can(request.user, Action.MANAGE_AGENCIES):
        raise PermissionDenied("只有本机关的政府信息公开工作机构负责人或系统管理员可以修改主动公开设置。")
    if agencies.count() == 1 and not can(request.user, Action.MANAGE_AGENCIES):
        return redirect("catalog:settings", code=agencies.get().code)
    return render(request, "catalog/settings_index.html", {"agencies": agencies, **_nav(request.user)})


def _settings_agency(request, code: str) -> Agency:
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.EDIT_AGENCY, agency)
    return agency


def _settings_page(request, agency: Agency, *, add_form=None, rules_form=None, status=200):
    rules = act.rules_of(agency)
    categories = act.categories_of(agency).order_by("position", "name")
    rows = [
        {
            "category": c,
            "form": CategoryForm(
                prefix=f"c{c.pk}", initial={"name": c.name, "position": c.position, "active": c.active}
            ),
        }
        for c in categories
    ]
    context = {
        "agency": agency,
        "rows": rows,
        "add_form": add_form or CategoryForm(prefix="new"),
        "rules_form": rules_form
        or RulesForm(
            initial={
                "review_levels": rules.review_levels,
                "index_format": rules.index_format,
                "index_prefix": rules.index_prefix,
            }
        ),
        "prefix_now": index_number.prefix_of(agency, rules.index_prefix),
        "history": rules.history.select_related("history_user").order_by("-history_id")[:20],
        **_nav(request.user),
    }
    return render(request, "catalog/settings.html", context, status=status)


@login_required
@require_safe
def agency_settings(request, code: str):
    return _settings_page(request, _settings_agency(request, code))


def _run(request, action, done: str) -> bool:
    try:
        action.execute()
    except REFUSALS as exc:
        messages.error(request, refusal_text(exc))
        return False
    messages.success(request, done)
    return True


@login_required
@require_POST
def category_add(request, code: str):
    agency = _settings_agency(request, code)
    form = CategoryForm(request.POST, prefix="new")
    if form.is_valid():
        c = form.cleaned_data
        action = act.AddCategory(request.user, agency, c["name"], position=c["position"])
        if _run(request, action, f"已新增信息类别“{c['name'].strip()}”。"):
            return redirect("catalog:settings", code=agency.code)
    return _settings_page(request, agency, add_form=form, status=400)


@login_required
@require_POST
def category_edit(request, code: str, category_pk: int):
    agency = _settings_agency(request, code)
    category = get_object_or_404(Category, pk=category_pk, agency=agency)
    form = CategoryForm(request.POST, prefix=f"c{category.pk}")
    if not form.is_valid():
        messages.error(
            request, "信息类别未能保存：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
        return _settings_page(request, agency, status=400)
    c = form.cleaned_data
    action = act.UpdateCategory(
        request.user, category, name=c["name"], position=c["position"], active=c["active"]
    )
    if _run(request, action, f"已保存信息类别“{c['name'].strip()}”。"):
        return redirect("catalog:settings", code=agency.code)
    return _settings_page(request, agency, status=409)


@login_required
@require_POST
def category_delete(request, code: str, category_pk: int):
    agency = _settings_agency(request, code)
    category = get_object_or_404(Category, pk=category_pk, agency=agency)
    if _run(request, act.DeleteCategory(request.user, category), f"已删除信息类别“{category.name}”。"):
        return redirect("catalog:settings", code=agency.code)
    return _settings_page(request, agency, status=409)


@login_required
@require_POST
def rules(request, code: str):
    agency = _settings_agency(request, code)
    form = RulesForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        action = act.SaveCatalogRules(
            request.user,
            agency,
            review_levels=c["review_levels"],
            index_format=c["index_format"],
            index_prefix=c["index_prefix"],
        )
        try:
            action.execute()
        except REFUSALS as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "已保存主动公开设置。")
            return redirect("catalog:settings", code=agency.code)
    return _settings_page(request, agency, rules_form=form, status=400)


def _topics_page(request, *, add_form=None, status=200):
    require(request.user, Action.MANAGE_AGENCIES)
    rows = [
        {
            "topic": t,
            "used": t.n,
            "form": TopicForm(
                prefix=f"t{t.pk}", initial={"name": t.name, "position": t.position, "active": t.active}
            ),
        }
        for t in Topic.objects.annotate(n=Count("items")).order_by("position", "name")
    ]
    context = {"rows": rows, "add_form": add_form or TopicForm(prefix="new"), **_nav(request.user)}
    return render(request, "catalog/topics.html", context, status=status)


@login_required
@require_safe
def topics(request):
    return _topics_page(request)


@login_required
@require_POST
def topic_add(request):
    require(request.user, Action.MANAGE_AGENCIES)
    form = TopicForm(request.POST, prefix="new")
    if form.is_valid():
        c = form.cleaned_data
        if _run(
            request, act.CreateTopic(request.user, c["name"], position=c["position"]), "已新增主题分类。"
        ):
            return redirect("catalog:topics")
    return _topics_page(request, add_form=form, status=400)


@login_required
@require_POST
def topic_edit(request, topic_pk: int):
    require(request.user, Action.MANAGE_AGENCIES)
    topic = get_object_or_404(Topic, pk=topic_pk)
    form = TopicForm(request.POST, prefix=f"t{topic.pk}")
    if not form.is_valid():
        messages.error(
            request, "主题分类未能保存：" + "；".join(e for errs in form.errors.values() for e in errs)
        )
        return _topics_page(request, status=400)
    c = form.cleaned_data
    action = act.UpdateTopic(request.user, topic, name=c["name"], position=c["position"], active=c["active"])
    if _run(request, action, "已保存主题分类。"):
        return redirect("catalog:topics")
    return _topics_page(request, status=409)


@login_required
@require_POST
def topic_delete(request, topic_pk: int):
    require(request.user, Action.MANAGE_AGENCIES)
    topic = get_object_or_404(Topic, pk=topic_pk)
    if _run(request, act.DeleteTopic(request.user, topic), f"已删除主题分类“{topic.name}”。"):
        return redirect("catalog:topics")
    return _topics_page(request, status=409)


# --- statistics (第二十条第（五）（六）（八）项) ---------------------------------------------------------
@login_required
@require_safe
def statistics(request):
    user = request.user
    agencies = visible_agencies(user).order_by("name")
    if not agencies.exists():
        raise PermissionDenied("您的账号尚未分配到任何机关，不能查看统计数据。请联系系统管理员。")
    editable = visible_agencies(user, Action.EDIT).order_by("name")
    pick = StatisticsPickForm(request.GET if "agency" in request.GET else None, agencies=editable)
    if pick.is_bound and pick.is_valid():
        c = pick.cleaned_data
        return redirect("catalog:statistics_edit", code=c["agency"].code, year=c["year"])
    entries = restrict(user, StatisticsEntry.objects.select_related("agency", "entered_by")).order_by(
        "-year", "agency__name"
    )
    page, query = _page(request, entries)
    context = {"page": page, "query": query, "pick": pick, "may_enter": editable.exists(), **_nav(user)}
    return render(request, "catalog/statistics.html", context, status=400 if pick.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def statistics_edit(request, code: str, year: int):
    agency = get_object_or_404(Agency, code=code)
    require(request.user, Action.VIEW, agency)
    if not 2008 <= year <= _today().year:
        raise Http404("没有该年度。")
    entry = StatisticsEntry.objects.select_related("entered_by").filter(agency=agency, year=year).first()
    may_edit = can(request.user, Action.EDIT, agency)
    status = 200
    if request.method == "POST":
        require(request.user, Action.EDIT, agency)
        form = StatisticsForm(request.POST)
        if form.is_valid():
            try:
                act.SaveStatistics(request.user, agency, year, **form.cleaned_data).execute()
            except REFUSALS as exc:
                add_refusal(form, exc)
            else:
                messages.success(request, f"已保存{agency.name} {year} 年的统计数据。")
                return redirect("catalog:statistics_edit", code=agency.code, year=year)
        status = 400
    else:
        form = StatisticsForm(initial=StatisticsForm.initial_from(entry))
    context = {
        "agency": agency,
        "year": year,
        "entry": entry,
        "form": form,
        "may_edit": may_edit,
        "history": entry.history.select_related("history_user").order_by("-history_id")[:20] if entry else [],
        "items": [statute.ART_20_ITEMS[i] for i in (4, 5, 7)],
        **_nav(request.user),
    }
    return render(request, "catalog/statistics_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def statistics_import(request):
    if not visible_agencies(request.user, Action.EDIT).exists():
        raise PermissionDenied("您无权填报统计数据。")
    context: dict[str, Any] = {**_nav(request.user)}
    status = 200
    if request.method == "POST":
        form = StatisticsImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = import_statistics(request.user, form.cleaned_data["file"].read())
            except StatisticsFileError as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                if result.ok:
                    messages.success(request, f"已导入 {result.saved} 行统计数据。")
                    return redirect("catalog:statistics")
                context["errors"] = result.lines()
                status = 400
        else:
            status = 400
    else:
        form = StatisticsImportForm()
    context["form"] = form
    return render(request, "catalog/statistics_import.html", context, status=status)


@login_required
@require_safe
def statistics_template(request):
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('主动公开统计数据模板.xlsx')}"
    return response
