#!/usr/bin/env python3
"""Contract test: start completion-sandbox, call the Appwrite endpoints the product uses and
validate every response body against the response schema of the real Appwrite OpenAPI spec
($CC_SHARED_DIR/specs/appwrite-openapi3-server.json). Exit 77 (skip) when the spec or jsonschema
is missing.

Two documented deviations of the spec from the servers it describes are patched, not ignored:
  * `#/components/schemas/error` declares `code` as a string; Appwrite sends the HTTP status as an
    integer (appwrite.md section 6 shows `"code": 404`).
  * `#/components/schemas/document` and `row` declare `$sequence` as a string (1.9 spec); 1.8 sends
    an integer (appwrite.md section 4.1 shows `"$sequence": 17`). The sandbox is then switched to
    1.9 (`/_sandbox/settings`) and its documents and rows are validated against the unpatched spec.
  * getAttribute's `oneOf` of overlapping attribute models is checked as `anyOf`.
OpenAPI's `nullable: true` is translated to JSON Schema's `"type": [T, "null"]`.
"""
import copy
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

SKIP = 77


def skip(message):
    print("SKIP: " + message)
    sys.exit(SKIP)


try:
    import jsonschema
except ImportError:
    skip("python3 jsonschema is not installed (Debian: python3-jsonschema)")

shared = os.environ.get("CC_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
spec_path = os.path.join(shared, "specs", "appwrite-openapi3-server.json")
if not os.path.exists(spec_path):
    skip("Appwrite OpenAPI spec not found at " + spec_path)
if len(sys.argv) < 2:
    print("usage: appwrite_contract.py <completion-sandbox>")
    sys.exit(2)

with open(spec_path, encoding="utf-8") as f:
    spec = json.load(f)


def nullable_to_jsonschema(node):
    if isinstance(node, dict):
        node = {k: nullable_to_jsonschema(v) for k, v in node.items()}
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        return node
    if isinstance(node, list):
        return [nullable_to_jsonschema(v) for v in node]
    return node


components = nullable_to_jsonschema(copy.deepcopy(spec["components"]))
components["schemas"]["error"]["properties"]["code"]["type"] = ["integer", "string"]
strict_components = copy.deepcopy(components)  # what a 1.9 server must match: $sequence a string
components["schemas"]["document"]["properties"]["$sequence"]["type"] = ["integer", "string"]
components["schemas"]["row"]["properties"]["$sequence"]["type"] = ["integer", "string"]


def response_schema(path, method, status):
    responses = spec["paths"][path][method]["responses"][str(status)]
    content = responses.get("content", {})
    media = content.get("application/json") or next(iter(content.values()))
    schema = media["schema"]
    # getAttribute answers `oneOf` attribute models that do not exclude each other (no
    # additionalProperties: false), so any attribute matches several; `anyOf` is what is meant.
    if "oneOf" in schema:
        schema = {"anyOf": schema["oneOf"]}
    return schema


failures = []
checked = 0


def inline_refs(node, comps, depth=0):
    """Replaces local $refs by the schemas they name. (The spec's `"$id"` property names confuse
    jsonschema's own $ref resolver, so none are left for it to resolve.)"""
    if depth > 20:
        raise RuntimeError("$ref nesting too deep")
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            return inline_refs(comps["schemas"][ref.rsplit("/", 1)[1]], comps, depth + 1)
        return {k: inline_refs(v, comps, depth) for k, v in node.items()}
    if isinstance(node, list):
        return [inline_refs(v, comps, depth) for v in node]
    return node


def validate(name, body, schema, comps=None):
    global checked
    try:
        jsonschema.Draft7Validator(inline_refs(schema, comps or components)).validate(body)
        checked += 1
        print("ok   " + name)
    except jsonschema.ValidationError as e:
        failures.append(name)
        print("FAIL %s: %s at %s" % (name, e.message, list(e.absolute_path)))


proc = subprocess.Popen([sys.argv[1], "--port", "0", "--learners", "20", "--seed", "5"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
port = None
for line in proc.stdout:
    if line.startswith("SANDBOX_READY port="):
        port = int(line.strip().split("=", 1)[1])
        break
if port is None:
    proc.kill()
    print("sandbox did not become ready")
    sys.exit(1)

BASE = "http://127.0.0.1:%d/v1" % port
HEADERS = {"X-Appwrite-Project": "sandbox-project", "X-Appwrite-Key": "sandbox-appwrite-key",
           "Content-Type": "application/json"}


def call(method, path, body=None, query=None, headers=HEADERS):
    url = BASE + path
    if query:
        url += "?" + "&".join("queries[]=" + urllib.parse.quote(json.dumps(q)) for q in query)
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def expect(name, status, body, want_status, path=None, method=None, want_type=None, comps=None):
    if status != want_status:
        failures.append(name)
        print("FAIL %s: status %d, expected %d: %s" % (name, status, want_status, body))
        return
    if want_type and body.get("type") != want_type:
        failures.append(name)
        print("FAIL %s: type %s, expected %s" % (name, body.get("type"), want_type))
        return
    if status >= 400:
        validate(name, body, {"$ref": "#/components/schemas/error"})
    elif path:
        validate(name, body, response_schema(path, method, status), comps)


def settings(values):
    url = "http://127.0.0.1:%d/_sandbox/settings" % port
    request = urllib.request.Request(url, data=json.dumps(values).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.loads(r.read())


DB = "/databases/{databaseId}"
COL = DB + "/collections/{collectionId}"
DOCS = COL + "/documents"
DOC = DOCS + "/{documentId}"
docs = "/databases/main/collections/learners/documents"
events = "/databases/main/collections/webhook_events/documents"
col = "/databases/main/collections/learners"
try:
    s, b = call("GET", docs, query=[{"method": "equal", "attribute": "status", "values": ["enrolled"]},
                                    {"method": "orderAsc", "attribute": "last_completion_check"},
                                    {"method": "limit", "values": [5]}])
    expect("list documents", s, b, 200, DOCS, "get")
    first = b["documents"][0]["$id"]
    s, b = call("GET", docs + "/" + first)
    expect("get document", s, b, 200, DOC, "get")
    event = {"event_id": "completion_c_" + first, "event_type": "course.completed", "source": "completion_checker",
             "learner_id": first, "email": "a@example.com", "course_id": "c", "payload": "{}",
             "status": "pending", "received_at": "2025-11-21T08:00:00.000+00:00"}
    s, b = call("POST", events, {"documentId": "0123456789abcdef0123456789abcdef", "data": event})
    expect("create document", s, b, 201, DOCS, "post")
    s, b = call("POST", events, {"documentId": "0123456789abcdef0123456789abcdef", "data": event})
    expect("create duplicate (409)", s, b, 409)
    s, b = call("PATCH", docs + "/" + first, {"data": {"status": "completed",
                                                       "last_completion_check": "2025-11-21T08:00:00Z"}})
    expect("update document", s, b, 200, DOC, "patch")
    s, b = call("GET", docs + "/missing")
    expect("get missing (404)", s, b, 404)
    s, b = call("GET", docs, query=[{"method": "equal", "attribute": "nope", "values": ["x"]}])
    expect("query error (400)", s, b, 400)
    s, b = call("GET", col)
    expect("get collection", s, b, 200, COL, "get")
    s, b = call("GET", col + "/attributes")
    expect("list attributes", s, b, 200, COL + "/attributes", "get")
    s, b = call("GET", col + "/attributes/status")
    expect("get attribute", s, b, 200, COL + "/attributes/{key}", "get")
    s, b = call("GET", col + "/indexes")
    expect("list indexes", s, b, 200, COL + "/indexes", "get")
    s, b = call("POST", col + "/attributes/string", {"key": "extra", "size": 10, "required": False})
    expect("create string attribute (202)", s, b, 202, COL + "/attributes/string", "post")
    s, b = call("POST", col + "/attributes/datetime", {"key": "extra_at", "required": False})
    expect("create datetime attribute (202)", s, b, 202, COL + "/attributes/datetime", "post")
    s, b = call("POST", col + "/indexes", {"key": "extra_index", "type": "key", "attributes": ["extra"]})
    expect("create index (202)", s, b, 202, COL + "/indexes", "post")
    s, b = call("GET", "/health")
    expect("health", s, b, 200, "/health", "get")
    s, b = call("GET", "/health", headers={"X-Appwrite-Project": "sandbox-project"})
    expect("health without key (401)", s, b, 401)
    s, b = call("GET", "/health/version", headers={})
    if s != 200 or not isinstance(b, dict) or not isinstance(b.get("version"), str):  # not in the server spec
        failures.append("health/version")
        print("FAIL health/version: %s %s" % (s, b))
    else:
        print("ok   health/version (shape checked by hand: not in the server spec)")
    fn = "/functions/{functionId}/executions"
    s, b = call("POST", "/functions/completion_checker/executions", {"body": "{\"action\":\"process_batch\"}", "async": False})
    expect("create execution", s, b, 201, fn, "post")
    execution = b.get("$id") if isinstance(b, dict) else ""
    s, b = call("GET", "/functions/completion_checker/executions")
    expect("list executions", s, b, 200, fn, "get")
    s, b = call("GET", "/functions/completion_checker/executions/" + execution)
    expect("get execution", s, b, 200, fn + "/{executionId}", "get")
    s, b = call("GET", "/functions/completion_checker/executions/missing")
    expect("get missing execution (404)", s, b, 404)

    # TablesDB (1.8+): the same data under the names of rows and tables.
    TABLE = "/tablesdb/{databaseId}/tables/{tableId}"
    ROWS = TABLE + "/rows"
    ROW = ROWS + "/{rowId}"
    rows = "/tablesdb/main/tables/learners/rows"
    table = "/tablesdb/main/tables/learners"
    s, b = call("GET", rows, query=[{"method": "equal", "attribute": "status", "values": ["enrolled"]},
                                    {"method": "limit", "values": [5]}])
    expect("list rows", s, b, 200, ROWS, "get")
    s, b = call("GET", rows + "/" + first)
    expect("get row", s, b, 200, ROW, "get")
    event["event_id"] = "completion_c_row_" + first
    s, b = call("POST", "/tablesdb/main/tables/webhook_events/rows",
                {"rowId": "fedcba9876543210fedcba9876543210", "data": event})
    expect("create row", s, b, 201, ROWS, "post")
    s, b = call("POST", "/tablesdb/main/tables/webhook_events/rows",
                {"rowId": "fedcba9876543210fedcba9876543210", "data": event})
    expect("create duplicate row (409)", s, b, 409, want_type="row_already_exists")
    s, b = call("PATCH", rows + "/" + first, {"data": {"status": "enrolled"}})
    expect("update row", s, b, 200, ROW, "patch")
    s, b = call("GET", rows + "/missing")
    expect("get missing row (404)", s, b, 404, want_type="row_not_found")
    s, b = call("GET", "/tablesdb/main/tables/missing/rows")
    expect("unknown table (404)", s, b, 404, want_type="table_not_found")
    s, b = call("GET", table)
    expect("get table", s, b, 200, TABLE, "get")
    s, b = call("GET", table + "/columns")
    expect("list columns", s, b, 200, TABLE + "/columns", "get")
    s, b = call("GET", table + "/columns/status")
    expect("get column", s, b, 200, TABLE + "/columns/{key}", "get")
    s, b = call("GET", table + "/indexes")
    expect("list table indexes", s, b, 200, TABLE + "/indexes", "get")

    # Provisioning (section 10): collections and tables, their attributes/columns and indexes.
    s, b = call("POST", "/databases/main/collections", {"collectionId": "contract_runs", "name": "Runs",
                                                         "permissions": [], "documentSecurity": False,
                                                         "enabled": True})
    expect("create collection (201)", s, b, 201, DB + "/collections", "post")
    s, b = call("POST", "/databases/main/collections", {"collectionId": "contract_runs", "name": "Runs"})
    expect("create collection twice (409)", s, b, 409, want_type="collection_already_exists")
    runs = "/databases/main/collections/contract_runs"
    s, b = call("POST", runs + "/attributes/integer", {"key": "checked", "required": False, "min": 0})
    expect("create integer attribute (202)", s, b, 202, COL + "/attributes/integer", "post")
    s, b = call("POST", "/tablesdb/main/tables", {"tableId": "contract_table", "name": "Table",
                                                   "permissions": ['read("any")'], "rowSecurity": False,
                                                   "enabled": True})
    expect("create table (201)", s, b, 201, "/tablesdb/{databaseId}/tables", "post")
    s, b = call("POST", "/tablesdb/main/tables", {"tableId": "contract_table", "name": "Table"})
    expect("create table twice (409)", s, b, 409, want_type="table_already_exists")
    ctable = "/tablesdb/main/tables/contract_table"
    s, b = call("POST", ctable + "/columns/string", {"key": "run_id", "size": 64, "required": True})
    expect("create string column (202)", s, b, 202, TABLE + "/columns/string", "post")
    s, b = call("POST", ctable + "/columns/string", {"key": "run_id", "size": 64, "required": True})
    expect("create column twice (409)", s, b, 409, want_type="column_already_exists")
    s, b = call("POST", ctable + "/columns/datetime", {"key": "started_at", "required": False})
    expect("create datetime column (202)", s, b, 202, TABLE + "/columns/datetime", "post")
    s, b = call("POST", ctable + "/columns/integer", {"key": "checked", "required": False, "default": 0})
    expect("create integer column (202)", s, b, 202, TABLE + "/columns/integer", "post")
    s, b = call("POST", ctable + "/indexes", {"key": "run_unique", "type": "unique", "columns": ["run_id"],
                                              "orders": ["asc"]})
    expect("create table index (202)", s, b, 202, TABLE + "/indexes", "post")
    s, b = call("POST", ctable + "/indexes", {"key": "run_unique", "type": "unique", "columns": ["run_id"]})
    expect("create table index twice (409)", s, b, 409, want_type="column_index_already_exists")
    s, b = call("POST", ctable + "/columns/varchar", {"key": "v", "size": 10, "required": False})
    expect("1.8 varchar column (404)", s, b, 404, want_type="general_route_not_found")
    s, b = call("GET", ctable)
    expect("get created table", s, b, 200, TABLE, "get")
    s, b = call("GET", ctable + "/indexes")
    expect("list created table's indexes", s, b, 200, TABLE + "/indexes", "get")
    s, b = call("POST", ctable + "/rows", {"rowId": "r1", "data": {"run_id": "run-1"}})
    expect("row in created table", s, b, 201, ROWS, "post")

    # 1.9: `$sequence` is a string, as the (unpatched) 1.9 spec says.
    settings({"appwriteVersion": "1.9"})
    s, b = call("POST", ctable + "/columns/varchar", {"key": "label", "size": 100, "required": False})
    expect("1.9 create varchar column (202)", s, b, 202, TABLE + "/columns/varchar", "post")
    s, b = call("POST", ctable + "/columns/text", {"key": "notes", "required": False})
    expect("1.9 create text column (202)", s, b, 202, TABLE + "/columns/text", "post")
    s, b = call("POST", runs + "/attributes/varchar", {"key": "label", "size": 100, "required": False})
    expect("1.9 create varchar attribute (202)", s, b, 202, COL + "/attributes/varchar", "post")
    s, b = call("POST", runs + "/attributes/text", {"key": "notes", "required": False})
    expect("1.9 create text attribute (202)", s, b, 202, COL + "/attributes/text", "post")
    s, b = call("GET", ctable + "/columns")
    expect("1.9 list columns with varchar and text", s, b, 200, TABLE + "/columns", "get")
    s, b = call("GET", runs)
    expect("1.9 get collection with varchar and text", s, b, 200, COL, "get")
    s, b = call("GET", docs, query=[{"method": "limit", "values": [3]}])
    expect("1.9 list documents", s, b, 200, DOCS, "get", comps=strict_components)
    s, b = call("GET", rows, query=[{"method": "limit", "values": [3]}])
    expect("1.9 list rows", s, b, 200, ROWS, "get", comps=strict_components)
    s, b = call("PATCH", rows + "/" + first, {"data": {"status": "enrolled"}})
    expect("1.9 update row", s, b, 200, ROW, "patch", comps=strict_components)
    # 1.7: no TablesDB at all.
    settings({"appwriteVersion": "1.7"})
    s, b = call("GET", rows)
    expect("1.7 list rows (404)", s, b, 404, want_type="general_route_not_found")
    settings({"appwriteVersion": "1.8"})
finally:
    proc.terminate()
    proc.wait(timeout=10)

print("%d responses validated, %d failures" % (checked, len(failures)))
sys.exit(1 if failures else 0)
