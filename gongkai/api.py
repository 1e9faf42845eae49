"""The JSON API of gongkai (django-ninja, OpenAPI 3.1 at /api/openapi.json, docs at /api/docs)."""

import logging

from ninja import NinjaAPI, Swagger

from gongkai.applications.api import install as install_applications
from gongkai.checker.api import router as check_router

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="gongkai API",
    version="1",
    description="gongkai 政府信息公开工作系统的 JSON 接口。年度报告核查：POST /api/check。",
    urls_namespace="api",
    # validatorUrl None: Swagger UI would otherwise fetch a badge from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/check", check_router)
install_applications(api)  # /api/applications and /api/staff/applications


@api.exception_handler(Exception)
def unexpected_error(request, exc):
    """A bug of ours answers JSON with a Chinese message, never Django's HTML error page; the
    traceback goes to the log."""
    log.exception("API %s %s failed", request.method, request.path)
    return api.create_response(request, {"error": "服务器内部错误，请稍后重试；问题已记录。"}, status=500)
