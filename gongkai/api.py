"""The JSON API of gongkai (django-ninja, OpenAPI 3.1 at /api/openapi.json, docs at /api/docs)."""

from ninja import NinjaAPI

from gongkai.checker.api import router as check_router

api = NinjaAPI(
    title="gongkai API",
    version="1",
    description="gongkai 政府信息公开工作系统的 JSON 接口。年度报告核查：POST /api/check。",
    urls_namespace="api",
)
api.add_router("/check", check_router)
