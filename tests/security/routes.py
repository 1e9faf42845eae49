"""Every address the system answers: the URLconf's patterns and the JSON API's operations, each
with a key the matrix's rows name, and a way to build a concrete URL from the world's records."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

# Parameters every row may leave out: agency A's pages of the report year.
DEFAULT_KWARGS = {"code": "@A", "year": "@year", "app_label": "agencies"}
_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", "path:<route>" for an unnamed pattern, "api:<operationId>"
    route: str  # the pattern as written, for reading
    params: tuple[str, ...]
    methods: tuple[str, ...] = ()  # the API's operations say theirs; views say nothing
    buildable: bool = True

    @property
    def is_api_operation(self) -> bool:
        return bool(self.methods)


def _walk(patterns, prefix: str = "", namespace: str = "", params: tuple = (), buildable: bool = True):
    for p in patterns:
        names, ok = _params_of(p.pattern)
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace or "") if x)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns, params + names, buildable and ok)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            key = f"{namespace}:{p.name}" if namespace and p.name else (p.name or f"path:{route}")
            if p.name is None:  # built from the route string: only plain path() patterns can be
                ok = ok and all(isinstance(q, RoutePattern) for q in [p.pattern]) and "^" not in route
            yield p, Route(key, route, params + names, buildable=buildable and ok)


def _params_of(pattern) -> tuple[tuple[str, ...], bool]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters), True
    if isinstance(pattern, RegexPattern):
        groups = pattern.regex.groupindex
        # an unnamed group cannot be filled by name
        return tuple(groups), pattern.regex.groups == len(groups)
    return (), False


def url_routes() -> list[Route]:
    """The URLconf's patterns, without the API's operations (listed by :func:`api_routes`)."""
    found = []
    for pattern, route in _walk(get_resolver().url_patterns):
        if getattr(pattern.callback, "__module__", "").startswith("ninja.operation"):
            continue
        found.append(route)
    return found


def api_routes() -> list[Route]:
    routes = []
    for path, operations in api_schema()["paths"].items():
        for method, op in operations.items():
            params = tuple(re.findall(r"{(\w+)}", path))
            routes.append(Route(f"api:{op['operationId']}", path, params, methods=(method.upper(),)))
    return routes


def all_routes() -> list[Route]:
    return url_routes() + api_routes()


def resolve_kwargs(spec: str, objects: dict[str, Any]) -> dict[str, str]:
    """``pk=@item;name=publish`` → {"pk": "<the world's item pk>", "name": "publish"}."""
    out: dict[str, str] = {}
    for part in filter(None, (s.strip() for s in (spec or "").split(";"))):
        name, _, value = part.partition("=")
        out[name.strip()] = value.strip()
    return {k: str(objects[v[1:]]) if v.startswith("@") else v for k, v in out.items()}


def build_url(route: Route, spec: str, objects: dict[str, Any]) -> str | None:
    """The concrete URL of ``route`` with the row's kwargs (and the defaults); None if it cannot be
    built (an unnamed regex pattern, or a parameter nobody gave)."""
    given = resolve_kwargs(";".join(f"{k}={v}" for k, v in DEFAULT_KWARGS.items()), objects)
    given.update(resolve_kwargs(spec, objects))
    if not route.buildable or any(p not in given for p in route.params):
        return None
    kwargs = {p: given[p] for p in route.params}
    if route.is_api_operation:
        return re.sub(r"{(\w+)}", lambda m: kwargs[m.group(1)], route.route)
    if not route.key.startswith("path:"):
        return reverse(route.key, kwargs=kwargs)
    return "/" + _ROUTE_PARAM.sub(lambda m: kwargs[m.group("name")], route.route)


def outcome(response) -> str:
    """A response as the matrix writes it: the status, or ``login`` for a redirect to a login page."""
    if response.status_code in (301, 302, 303):
        location = response.get("Location", "")
        if "/staff/login/" in location or "/admin/login/" in location:
            return "login"
    return str(response.status_code)


@functools.cache
def api_schema() -> dict[str, Any]:
    from gongkai.api import api

    return api.get_openapi_schema()


def example_body(route: Route) -> dict[str, Any] | None:
    """A JSON body an API operation accepts (its required fields, each with a plausible value), so
    the request passes validation and reaches the permission check; None for a non-JSON body."""
    schema = api_schema()
    op = schema["paths"][route.route][route.methods[0].lower()]
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _example(content["application/json"]["schema"], schema["components"]["schemas"])


def _example(node: dict[str, Any], components: dict[str, Any]) -> Any:
    if "$ref" in node:
        return _example(components[node["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"]
            return _example(options[0], components) if options else None
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        props = node.get("properties", {})
        return {name: _example(props[name], components) for name in node.get("required", ())}
    if kind == "string":
        return {"date": "2025-10-10", "date-time": "2025-10-10T09:00:00+08:00"}.get(
            node.get("format"), "测试"
        )
    return {"integer": 1, "number": 1, "boolean": False, "array": []}.get(kind)
