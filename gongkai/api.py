"""The JSON API of gongkai (django-ninja, OpenAPI 3.1 at /api/openapi.json, docs at /api/docs)."""

from ninja import NinjaAPI, Swagger

from gongkai.checker.api import router as check_router

api = NinjaAPI(
    title="gongkai API",
    version="1",
    description="gongkai 政府信息公开工作系统的 JSON 接口。年度报告核查：POST /api/check。",
    urls_namespace="api",
    # validatorUrl None: Swagger UI would otherwise fetch a badge from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/check", check_router)
