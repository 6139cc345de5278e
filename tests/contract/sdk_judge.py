#!/usr/bin/env python3
"""The outside judge of Flexus Desk's wire format: Huawei's official Python SDK models.

For every operation the client performs it reads, from the pinned `huaweicloudsdk*`
packages, the method and path template (the client module's `_<op>_http_info`), the
request model (query, path, header and body parameters) and the response model
(`openapi_types` / `attribute_map`, recursively). The Flexus L purchase (HCSS) has no
SDK; its schema below is written from the API reference tables (seeds 002/003).

Over 400 lines on purpose: one judge, whose model walk and per-operation exceptions read together.

Commands (JSON on stdout; exit status 1 when anything is reported):
  ops                    the operations with method, path template and scope
  gen                    {op: {"status", "full", "sparse"}}: replies built from the
                         response models (full: every declared field at its declared
                         type; sparse: required fields only, explicit null for optional
                         lists/objects, plus the few fields the client needs to act)
  check-requests FILE    FILE holds [{method, path, query: [[k, v]], headers: {k: v},
                         body}]; each must match an operation exactly
  check-replies FILE     FILE holds [{op, status, body}]; each body must have the
                         response model's keys and types, and nothing else
  selftest               proves the checks catch wrong types, unknown keys, missing
                         required fields and wrong paths
"""

import decimal
import importlib
import inspect
import json
import re
import sys

# ---------------------------------------------------------------------------
# Operations: (op, sdk package, client module, client class, credential scope)
# "domain" = GlobalCredentials (X-Domain-Id), "project" = BasicCredentials
# (X-Project-Id), "none" = IAM keystone calls (the SDK accepts any credentials).
BSS = ("huaweicloudsdkbss.v2", "bss_client", "BssClient", "domain")
ECS = ("huaweicloudsdkecs.v2", "ecs_client", "EcsClient", "project")
RMS = ("huaweicloudsdkrms.v1", "rms_client", "RmsClient", "domain")
IAM = ("huaweicloudsdkiam.v3", "iam_client", "IamClient", "none")
CES = ("huaweicloudsdkces.v1", "ces_client", "CesClient", "project")

OPS = {
    "keystone_list_auth_domains": IAM,
    "keystone_list_projects": IAM,
    "list_all_resources": RMS,
    "show_customer_order_details": BSS,
    "list_customer_orders": BSS,
    "list_pay_per_use_customer_resources": BSS,
    "renewal_resources": BSS,
    "list_renew_rate_on_period": BSS,
    "list_rate_on_period_detail": BSS,
    "cancel_resources_subscription": BSS,
    "auto_renewal_resources": BSS,
    "cancel_auto_renewal_resources": BSS,
    "show_customer_account_balances": BSS,
    "list_free_resource_usages": BSS,
    "pay_orders": BSS,
    "cancel_customer_order": BSS,
    "list_servers_details": ECS,
    "show_server": ECS,
    "update_server": ECS,
    "batch_start_servers": ECS,
    "batch_stop_servers": ECS,
    "batch_reboot_servers": ECS,
    "batch_reset_servers_password": ECS,
    "show_job": ECS,
    "show_server_remote_console": ECS,
    "show_metric_data": CES,
    "batch_list_metric_data": CES,
    "create_light_instances": None,  # HCSS, no SDK: HCSS_* below
}

# The International site's BSS has its own SDK; every BSS operation must match it too.
BSS_INTL = ("huaweicloudsdkbssintl.v2", "bssintl_client", "BssintlClient")

# Fields a reply must carry for the client to act at all (a server without an id, a
# job without a status): kept in the sparse reply; their absence is a decode error.
ESSENTIAL = {
    "show_server": ["server", "server.id"],
    "update_server": ["server", "server.id"],
    "batch_start_servers": ["job_id"],
    "batch_stop_servers": ["job_id"],
    "batch_reboot_servers": ["job_id"],
    "show_job": ["job_id", "status"],
    "create_light_instances": ["order_id"],
}

# Headers any signed request carries (the signer's and the transport's own).
GENERIC_HEADERS = {
    "host", "x-sdk-date", "authorization", "content-type", "content-length",
    "user-agent", "accept", "accept-encoding", "x-security-token",
    "x-project-id", "x-domain-id",
}


# ---------------------------------------------------------------------------
# HCSS purchase (POST /v1/light-instances), from the API reference tables.
class HcssModel:
    openapi_types = {}
    attribute_map = {}
    required = set()


def _hcss(name, types, required, keys=None):
    return type(name, (HcssModel,), {
        "openapi_types": types,
        "attribute_map": keys or {k: k for k in types},
        "required": set(required),
    })


HCSS_MODELS = {
    "ImageRef": _hcss("ImageRef", {"image_name": "str", "image_version": "str", "image_id": "str"}, []),
    "ExtraResources": _hcss("ExtraResources", {"type": "str", "size": "int"}, ["type"]),
    "Tags": _hcss("Tags", {"key": "str", "value": "str"}, ["key", "value"]),
    # Table 2. `period_num`: the table says String, every example sends a number;
    # both are accepted. `extra_resources` is the example's (and the sample's) key.
    "CreateLightInstancesBody": _hcss("CreateLightInstancesBody", {
        "instance_name": "str", "description": "str", "plan_spec": "str",
        "image_ref": "ImageRef", "region": "str", "charging_mode": "str",
        "period_type": "str", "period_num": "int|str", "purchase_quantity": "int",
        "is_auto_renew": "bool", "is_auto_pay": "bool",
        "extra_resources": "list[ExtraResources]", "tags": "list[Tags]",
    }, ["instance_name", "plan_spec", "region", "period_type", "period_num"]),
    # Table 6: 202 with the order and the instance ids.
    "CreateLightInstancesResponse": _hcss("CreateLightInstancesResponse", {
        "order_id": "str", "instance_ids": "list[str]",
    }, []),
}
HCSS_OP = {
    "method": "POST", "path": "/v1/light-instances", "scope": "project",
    "headers": {"client-request-id"}, "query": {}, "path_params": {},
    "body": "CreateLightInstancesBody", "response": "CreateLightInstancesResponse",
    "status": 202,
}


# ---------------------------------------------------------------------------
def camel(op):
    return "".join(w.title() for w in op.split("_"))


def required_of(cls):
    """Fields the model's constructor always sets (optional ones sit under
    `if x is not None:`), which is how the generator marks required parameters."""
    if hasattr(cls, "required"):
        return set(cls.required)
    try:
        src = inspect.getsource(cls.__init__)
    except (OSError, TypeError):
        return set()
    out = set()
    for name in cls.openapi_types:
        if re.search(r"^\s+self\.%s = %s\s*$" % (name, name), src, re.M) and not re.search(
                r"if %s is not None:" % name, src):
            out.add(name)
    return out


class Sdk:
    """The models and client of one operation."""

    def __init__(self, op, spec=None):
        self.op = op
        spec = spec or OPS[op]
        if spec is None:
            self.models = HCSS_MODELS
            self.info = dict(HCSS_OP)
            self.scope = "project"
            return
        pkg, client_mod, client_cls, scope = spec
        self.scope = scope
        self.models = importlib.import_module(pkg + ".model")
        client = getattr(importlib.import_module(pkg + "." + client_mod), client_cls)
        req_cls = getattr(self.models, camel(op) + "Request")
        req = req_cls()
        # Setting every attribute makes `_http_info` list every query/header/path name.
        for attr in req_cls.openapi_types:
            setattr(req, attr, "x")
        info = getattr(client, "_%s_http_info" % op)(req)
        amap = req_cls.attribute_map
        qnames = {k for k, _ in info["query_params"]}
        self.info = {
            "method": info["method"],
            "path": info["resource_path"],
            "scope": scope,
            "query": {amap.get(a, a): t for a, t in req_cls.openapi_types.items() if amap.get(a, a) in qnames},
            "headers": {h.lower() for h in info["header_params"]},
            "path_params": set(info["path_params"]),
            "body": req_cls.openapi_types.get("body"),
            "response": info["response_type"],
            "status": None,
        }

    def model(self, name):
        if isinstance(self.models, dict):
            return self.models.get(name)
        return getattr(self.models, name, None)


# ---------------------------------------------------------------------------
# Type checks
def check_value(sdk, value, typ, where, errors, strict=True, required=True):
    if value is None:
        return
    if "|" in typ:
        alts = typ.split("|")
        trial = []
        for alt in alts:
            e = []
            check_value(sdk, value, alt, where, e, strict, required)
            if not e:
                return
            trial.extend(e)
        errors.append("%s: %r is none of %s" % (where, value, typ))
        return
    if typ == "str":
        if not isinstance(value, str):
            errors.append("%s: declared str, got %s %r" % (where, type(value).__name__, value))
    elif typ == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append("%s: declared int, got %s %r" % (where, type(value).__name__, value))
    elif typ in ("float", "decimal.Decimal"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            errors.append("%s: declared %s (a JSON number), got %s %r" % (where, typ, type(value).__name__, value))
    elif typ == "bool":
        if not isinstance(value, bool):
            errors.append("%s: declared bool, got %s %r" % (where, type(value).__name__, value))
    elif typ == "object":
        pass
    elif typ.startswith("list["):
        if not isinstance(value, list):
            errors.append("%s: declared %s, got %s" % (where, typ, type(value).__name__))
            return
        inner = typ[5:-1]
        for i, v in enumerate(value):
            check_value(sdk, v, inner, "%s[%d]" % (where, i), errors, strict, required)
    elif typ.startswith("dict("):
        if not isinstance(value, dict):
            errors.append("%s: declared %s, got %s" % (where, typ, type(value).__name__))
            return
        inner = typ[5:-1].split(",", 1)[1].strip()
        for k, v in value.items():
            check_value(sdk, v, inner, "%s.%s" % (where, k), errors, strict, required)
    else:
        check_model(sdk, value, typ, where, errors, strict, required)


def enum_values(cls):
    """The allowed values of an enum model (no fields, constants such as
    `BatchPeriod._300 = "300"` or `Filter.AVERAGE = "average"`), else None."""
    if getattr(cls, "openapi_types", None):
        return None
    vals = [v for k, v in vars(cls).items()
            if re.fullmatch(r"_?[A-Z0-9_]+", k) and not k.startswith("__") and isinstance(v, str)]
    return vals or None


def check_model(sdk, value, name, where, errors, strict=True, required=True):
    cls = sdk.model(name)
    if cls is None:
        errors.append("%s: the judge has no model %s" % (where, name))
        return
    enum = enum_values(cls)
    if enum is not None:
        # The JSON value of an enum model is one of its constants, a string.
        if not isinstance(value, str) or value not in enum:
            errors.append("%s: %r is not one of %s's values %s" % (where, value, name, enum))
        return
    if not isinstance(value, dict):
        errors.append("%s: declared object %s, got %s %r" % (where, name, type(value).__name__, value))
        return
    by_key = {cls.attribute_map[a]: a for a in cls.openapi_types}
    if strict:
        for k in value:
            if k not in by_key:
                errors.append("%s.%s: not a field of %s" % (where, k, name))
    if required:
        for attr in sorted(required_of(cls)):
            key = cls.attribute_map[attr]
            if value.get(key) is None:
                errors.append("%s.%s: required by %s but missing" % (where, key, name))
    for k, v in value.items():
        if k in by_key:
            check_value(sdk, v, cls.openapi_types[by_key[k]], "%s.%s" % (where, k), errors, strict, required)


def template_regex(path):
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(path)) + "$")


def check_request(rec):
    """Errors for one recorded request, judged against the best-matching operation."""
    method, path = rec.get("method", ""), rec.get("path", "")
    candidates = []
    for op in OPS:
        sdk = Sdk(op)
        if sdk.info["method"] == method and template_regex(sdk.info["path"]).match(path):
            literal = len(re.sub(r"\{[^}]+\}", "", sdk.info["path"]))
            candidates.append((literal, op, sdk))
    if not candidates:
        return None, ["%s %s: no SDK operation has this method and path" % (method, path)]
    best = max(c[0] for c in candidates)
    results = []
    for literal, op, sdk in candidates:
        if literal == best:
            results.append((op, request_errors(sdk, rec)))
    results.sort(key=lambda r: len(r[1]))
    op, errors = results[0]
    if not errors and OPS[op] and OPS[op][0] == BSS[0]:
        errors = ["bssintl: " + e for e in request_errors(Sdk(op, BSS_INTL + ("domain",)), rec)]
    return op, errors


def request_errors(sdk, rec):
    info = sdk.info
    errors = []
    where = sdk.op
    # Path parameters: {project_id} must be the project the request is signed for.
    names = re.findall(r"\{([^}]+)\}", info["path"])
    values = template_regex(info["path"]).match(rec["path"]).groups()
    params = dict(zip(names, values))
    headers = {k.lower(): v for k, v in (rec.get("headers") or {}).items()}
    for k, v in params.items():
        if not v or v.startswith("{"):
            errors.append("%s: path parameter %s is empty" % (where, k))
    scope = info["scope"]
    if scope == "domain":
        if "x-domain-id" not in headers:
            errors.append("%s: signed without X-Domain-Id (the SDK uses GlobalCredentials)" % where)
        if "x-project-id" in headers:
            errors.append("%s: X-Project-Id sent to a global service" % where)
    elif scope == "project":
        if "x-project-id" not in headers:
            errors.append("%s: signed without X-Project-Id (the SDK uses BasicCredentials)" % where)
        if "x-domain-id" in headers:
            errors.append("%s: X-Domain-Id sent to a project-scoped service" % where)
        if "project_id" in params and headers.get("x-project-id") != params["project_id"]:
            errors.append("%s: X-Project-Id %s differs from the path's project %s" % (
                where, headers.get("x-project-id"), params["project_id"]))
    for h in headers:
        if h not in GENERIC_HEADERS and h not in info["headers"]:
            errors.append("%s: header %s is not declared by the request model" % (where, h))
    for k, v in rec.get("query") or []:
        if k not in info["query"]:
            errors.append("%s: query %s is not declared by the request model" % (where, k))
            continue
        t = info["query"][k]
        if t == "int" and not re.fullmatch(r"-?\d+", v):
            errors.append("%s: query %s declared int, got %r" % (where, k, v))
        if t == "bool" and v not in ("true", "false"):
            errors.append("%s: query %s declared bool, got %r" % (where, k, v))
    body = rec.get("body")
    if info["body"]:
        if body is None:
            errors.append("%s: the request model has a body (%s) but none was sent" % (where, info["body"]))
        else:
            check_model(sdk, body, info["body"], where + ".body", errors)
    elif body not in (None, {}, ""):
        errors.append("%s: a body was sent but the request model declares none" % where)
    return errors


def check_reply(rec):
    op = rec.get("op")
    if op not in OPS:
        return ["unknown operation %r" % op]
    sdk = Sdk(op)
    errors = []
    status, body = rec.get("status"), rec.get("body")
    if sdk.info["status"] and status != sdk.info["status"]:
        errors.append("%s: status %s, the reference says %s" % (op, status, sdk.info["status"]))
    if status is not None and not 200 <= status < 300:
        errors.append("%s: status %s is not a success" % (op, status))
    cls = sdk.model(sdk.info["response"])
    if body in (None, "") and (cls is None or not cls.openapi_types):
        return errors
    if body in (None, ""):
        return errors  # a 204 without body: nothing declared is required in replies
    # Replies: every key declared and of its declared type. Required-ness is a request
    # rule here; the client's tolerance of missing reply fields is the sparse reply's job.
    check_model(sdk, body, sdk.info["response"], op, errors, required=False)
    return errors


# ---------------------------------------------------------------------------
# Reply generation
SAMPLE_TIME = "2027-03-23T10:00:00Z"


def sample(typ, name):
    if typ == "str":
        if "amount" in name:
            return "24.00"
        if name.endswith("_time") or name in ("created", "updated"):
            return SAMPLE_TIME
        return "%s-1" % name
    if typ == "int":
        return 1
    if typ in ("float", "decimal.Decimal"):
        return 12.5
    if typ == "bool":
        return True
    if typ == "object":
        return {"key": "value"}
    return None


def gen_value(sdk, typ, name, sparse, depth, essential, path):
    if typ.startswith("list["):
        item = gen_value(sdk, typ[5:-1], name, sparse, depth + 1, essential, path)
        return [] if item is None else [item]
    if typ.startswith("dict("):
        inner = typ[5:-1].split(",", 1)[1].strip()
        return {"key": gen_value(sdk, inner, name, sparse, depth + 1, essential, path)}
    if "|" in typ:
        typ = typ.split("|")[0]
    v = sample(typ, name)
    if v is not None or typ in ("str", "int", "float", "decimal.Decimal", "bool", "object"):
        return v
    return gen_model(sdk, typ, sparse, depth + 1, essential, path)


def gen_model(sdk, name, sparse, depth=0, essential=(), path=""):
    cls = sdk.model(name)
    if cls is None or depth > 8:
        return None
    out = {}
    req = required_of(cls)
    for attr, typ in cls.openapi_types.items():
        key = cls.attribute_map[attr]
        here = (path + "." + key) if path else key
        keep = here in essential or attr in req
        if sparse and not keep:
            if typ.startswith("list[") or typ.startswith("dict(") or sdk.model(typ) is not None or typ == "object":
                out[key] = None
            continue
        out[key] = gen_value(sdk, typ, attr, sparse, depth, essential, here)
    return out


def gen_all():
    out = {}
    for op in OPS:
        sdk = Sdk(op)
        cls = sdk.model(sdk.info["response"])
        ess = ESSENTIAL.get(op, [])
        full = gen_model(sdk, sdk.info["response"], False, essential=ess) if cls else {}
        sparse = gen_model(sdk, sdk.info["response"], True, essential=ess) if cls else {}
        out[op] = {
            "method": sdk.info["method"],
            "path": sdk.info["path"],
            "status": sdk.info["status"] or 200,
            "full": full,
            "sparse": sparse,
        }
    return out


# ---------------------------------------------------------------------------
def selftest():
    """The judge must catch each kind of mistake it is for."""
    failures = []
    good = {
        "method": "POST", "path": "/v2/orders/subscriptions/resources/renew",
        "query": [], "headers": {"X-Domain-Id": "d1", "X-Sdk-Date": "20270323T100000Z"},
        "body": {"resource_ids": ["r1"], "period_type": 2, "period_num": 1, "is_auto_pay": 0},
    }

    def expect(label, rec, needle):
        op, errs = check_request(rec)
        if needle is None and errs:
            failures.append("%s: unexpected %s" % (label, errs))
        if needle is not None and not any(needle in e for e in errs):
            failures.append("%s: not reported (%s)" % (label, errs))

    expect("good renewal", good, None)
    expect("number for str", dict(good, body=dict(good["body"], resource_ids=[5])), "declared str")
    expect("unknown body key", dict(good, body=dict(good["body"], months=1)), "not a field")
    b = dict(good["body"])
    del b["period_num"]
    expect("missing required", dict(good, body=b), "required")
    expect("wrong path", dict(good, path="/v2/orders/subscriptions/resource/renew"), "no SDK operation")
    expect("wrong method", dict(good, method="PUT"), "no SDK operation")
    expect("wrong scope", dict(good, headers={"X-Project-Id": "p"}), "X-Domain-Id")
    expect("unknown query", dict(good, query=[["months", "1"]]), "query months")
    ecs = {"method": "GET", "path": "/v1/p1/cloudservers/s1", "query": [],
           "headers": {"X-Project-Id": "p2"}, "body": None}
    expect("project mismatch", ecs, "differs from the path")
    errs = check_reply({"op": "list_renew_rate_on_period", "status": 200,
                        "body": {"renew_inquiry_results": [{"resource_id": "r", "amount": 24.0}]}})
    if not any("declared str" in e for e in errs):
        failures.append("number amount in a reply not reported: %s" % errs)
    errs = check_reply({"op": "show_customer_account_balances", "status": 200, "body": {"balance": 1}})
    if not any("not a field" in e for e in errs):
        failures.append("unknown reply key not reported: %s" % errs)
    ces = {"method": "POST", "path": "/V1.0/p1/batch-query-metric-data", "query": [],
           "headers": {"X-Project-Id": "p1"},
           "body": {"metrics": [{"namespace": "SYS.ECS", "metric_name": "cpu_util",
                                 "dimensions": [{"name": "instance_id", "value": "s1"}]}],
                    "period": "300", "filter": "average", "from": 1700000000000, "to": 1700086400000}}
    expect("good batch metrics", ces, None)
    expect("period as a number", dict(ces, body=dict(ces["body"], period=300)), "not one of BatchPeriod")
    expect("unknown filter", dict(ces, body=dict(ces["body"], filter="avg")), "not one of Filter")
    expect("from as a string", dict(ces, body=dict(ces["body"], **{"from": "1700000000000"})), "declared int")
    one = {"method": "GET", "path": "/V1.0/p1/metric-data", "headers": {"X-Project-Id": "p1"}, "body": None,
           "query": [["namespace", "SYS.ECS"], ["metric_name", "cpu_util"], ["dim.0", "instance_id,s1"],
                     ["filter", "average"], ["period", "300"], ["from", "1700000000000"], ["to", "1700086400000"]]}
    expect("good metric data", one, None)
    expect("dim_0 instead of dim.0", dict(one, query=one["query"][:2] + [["dim_0", "instance_id,s1"]] + one["query"][3:]),
           "query dim_0")
    expect("period not an int", dict(one, query=one["query"][:4] + [["period", "5min"]] + one["query"][5:]),
           "query period declared int")
    hc = {"method": "POST", "path": "/v1/light-instances", "query": [],
          "headers": {"X-Project-Id": "p", "Client-Request-Id": "c"},
          "body": {"instance_name": "a", "plan_spec": "s", "region": "r", "period_type": "month"}}
    expect("hcss missing period_num", hc, "period_num")
    for op, r in gen_all().items():
        for kind in ("full", "sparse"):
            errs = check_reply({"op": op, "status": r["status"], "body": r[kind]})
            if errs:
                failures.append("generated %s reply of %s fails its own check: %s" % (kind, op, errs))
    return failures


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "ops":
        print(json.dumps({op: {k: (sorted(v) if isinstance(v, set) else v) for k, v in Sdk(op).info.items()}
                          for op in OPS}, indent=1, default=str))
        return 0
    if cmd == "gen":
        print(json.dumps(gen_all()))
        return 0
    if cmd in ("check-requests", "check-replies"):
        with open(argv[2]) as f:
            recs = json.load(f)
        report = []
        seen = set()
        for rec in recs:
            if cmd == "check-requests":
                op, errs = check_request(rec)
            else:
                op, errs = rec.get("op"), check_reply(rec)
            seen.add(op)
            report.append({"op": op, "errors": errs})
        out = {"checked": len(recs), "ops": sorted(o for o in seen if o),
               "errors": [e for r in report for e in r["errors"]]}
        print(json.dumps(out, indent=1))
        return 1 if out["errors"] else 0
    if cmd == "selftest":
        failures = selftest()
        print(json.dumps({"failures": failures}, indent=1))
        return 1 if failures else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
