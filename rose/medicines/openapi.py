"""The OpenAPI 3.1 document for the staff calculation API (written by hand; a test checks that
every path in it is a route in api_urls and every route is in it)."""

from __future__ import annotations

from typing import Any

from rose.medicines.engine.contract_regimen import CO_PRESCRIPTIONS, STRATEGIES

TABLES = ["opioids-aware-2020", "cdc-2022", "anzca-2021"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


NUMBER = {"type": "number", "minimum": 0}
NULLABLE_NUMBER = {"type": ["number", "null"]}

SCHEMAS: dict[str, Any] = {
    "Errors": {
        "type": "object", "required": ["errors"],
        "properties": {"errors": {"type": "array", "items": {
            "type": "object", "required": ["field", "message"],
            "properties": {"field": {"type": "string", "example": "items[0].dose_mg"},
                           "message": {"type": "string", "example": "must be a number"}}}}},
    },
    "Item": {
        "type": "object",
        "description": "One of: {drug, route, dose_mg, times_per_day}, {drug, route, mg_per_day}, "
                       "{drug: fentanyl|buprenorphine, route: transdermal, mcg_per_hour} or "
                       "{product (dm+d name), units_per_dose, times_per_day}. Any may add as_needed.",
        "properties": {
            "drug": {"type": "string", "example": "oxycodone"},
            "route": {"type": "string", "example": "oral"},
            "dose_mg": NUMBER, "times_per_day": NUMBER, "mg_per_day": NUMBER, "mcg_per_hour": NUMBER,
            "product": {"type": "string", "example": "Co-codamol 30mg/500mg tablets"},
            "units_per_dose": NUMBER,
            "release": {"type": "string", "enum": ["immediate", "modified"]},
            "times": {"type": "array", "items": {"type": "string", "example": "08:00"}},
            "doses": {"type": "array", "description": "Each dose with its time, instead of dose_mg/"
                      "units_per_dose, times_per_day and times (scheduled items only): "
                      "[{time, dose_mg}] or, with product, [{time, units}]",
                      "items": {"type": "object", "required": ["time"], "properties": {
                          "time": {"type": "string", "example": "20:00"}, "dose_mg": NUMBER,
                          "units": NUMBER}}},
            "as_needed": {"type": "boolean"},
        },
    },
    "Regimen": {
        "type": "object", "required": ["items"],
        "properties": {
            "table": {"type": "string", "enum": TABLES,
                      "description": "Omit to use the service's table (default opioids-aware-2020)"},
            "items": {"type": "array", "minItems": 1, "items": _ref("Item")},
            "co_prescribed": {"type": "array", "items": {"type": "string", "enum": list(CO_PRESCRIPTIONS)}},
        },
        "example": {"items": [{"drug": "oxycodone", "route": "oral", "dose_mg": 40, "times_per_day": 2}]},
    },
    "Warning": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}},
    "OmeAnswer": {
        "type": "object",
        "required": ["table", "calculable", "total_ome_mg_per_day", "items", "warnings"],
        "properties": {
            "table": {"type": "string"}, "table_version": {"type": "string"}, "table_title": {"type": "string"},
            "table_source": {"type": "string"}, "formulary_version": {"type": "string"},
            "calculable": {"type": "boolean"},
            "total_ome_mg_per_day": {**NULLABLE_NUMBER, "description": "null when any item is not calculable"},
            "items": {"type": "array", "items": {"type": "object", "properties": {
                "description": {"type": "string"}, "drug": {"type": "string"}, "route": {"type": "string"},
                "as_needed": {"type": "boolean"}, "drug_mg_per_day": NULLABLE_NUMBER,
                "ome_mg_per_day": NULLABLE_NUMBER, "factor": NULLABLE_NUMBER, "method": {"type": "string"},
                "source": {"type": ["string", "null"]}, "message": {"type": ["string", "null"]}}}},
            "warnings": {"type": "array", "items": _ref("Warning")},
        },
    },
    "Strategy": {
        "type": "object", "required": ["type", "interval_days"],
        "properties": {
            "type": {"type": "string", "enum": list(STRATEGIES)},
            "percent": NUMBER, "interval_days": {"type": "integer", "minimum": 1},
            "slow_below_fraction": NUMBER, "slow_percent": NUMBER, "slow_interval_days": {"type": "integer"},
            "targets_mg_per_day": {"type": "array", "items": NUMBER},
            "max_step_percent": NUMBER,
        },
    },
    "TaperRequest": {
        "type": "object", "required": ["regimen", "start_date", "strategy"],
        "properties": {
            "regimen": _ref("Regimen"),
            "start_date": {"type": "string", "format": "date"},
            "strategy": _ref("Strategy"),
            "holds": {"type": "array", "items": {"type": "object", "properties": {
                "after_step": {"type": "integer"}, "days": {"type": "integer"}}}},
            "use_products": {"type": "array", "items": {"type": "string"},
                             "description": "Only these dm+d products (of the families they name)"},
            "use_strengths": {"type": "array", "items": NUMBER,
                              "description": "Only these strengths: mg per unit, or micrograms/hour for patches"},
        },
        "example": {"regimen": {"items": [{"product": "Morphine 30mg modified-release tablets",
                                           "units_per_dose": 1, "times_per_day": 2}]},
                    "start_date": "2027-01-04",
                    "strategy": {"type": "percent-of-original", "percent": 10, "interval_days": 14}},
    },
    "TaperAnswer": {
        "type": "object", "required": ["steps", "warnings"],
        "properties": {
            "steps": {"type": "array", "items": {"type": "object", "properties": {
                "step": {"type": "integer"}, "start_date": {"type": "string", "format": "date"},
                "end_date": {"type": "string", "format": "date"}, "days": {"type": "integer"},
                "target_ome_mg_per_day": NUMBER, "ome_mg_per_day": NUMBER,
                "administrations": {"type": "array", "items": {"type": "object", "properties": {
                    "time": {"type": "string", "description": "Original text form; read slot instead"},
                    "product": {"type": "string"}, "units": NUMBER, "unit": {"type": "string"},
                    "slot": {"type": "object", "properties": {
                        "time": {"type": ["string", "null"], "description": "HH:MM, or null when no clock time"},
                        "kind": {"type": "string", "enum": ["clock", "as-needed", "untimed", "patch"]},
                        "label": {"type": "string"}, "number": {"type": "integer"},
                        "count": {"type": "integer"}, "wear_hours": {"type": ["integer", "null"]}}},
                    "dose_mg": NULLABLE_NUMBER,
                    "dose_text": {"type": "string",
                                  "example": "5 ml (10 mg) of morphine sulfate 10 mg/5 ml oral solution"}}}},
                "supply": {"type": "array", "items": {"type": "object", "properties": {
                    "product": {"type": "string"}, "quantity": NUMBER, "unit": {"type": "string"}}}},
                "note": {"type": ["string", "null"]}}}},
            "warnings": {"type": "array", "items": _ref("Warning")},
        },
    },
}


def _operation(summary: str, request: str, answer: str, operation_id: str) -> dict[str, Any]:
    errors = {"content": {"application/json": {"schema": _ref("Errors")}}}
    return {"post": {
        "operationId": operation_id, "summary": summary, "tags": ["calculations"],
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref(request)}}},
        "responses": {
            "200": {"description": "The answer", "content": {"application/json": {"schema": _ref(answer)}}},
            "400": {"description": "Bad input: every problem with its field", **errors},
            "401": {"description": "Not signed in, or two-factor not completed", **errors},
            "403": {"description": "Signed in without permission, or CSRF token missing", **errors},
            "405": {"description": "Only POST is allowed"},
            "415": {"description": "The body is not application/json", **errors},
        },
    }}


PATHS = {
    "/calculations/ome": _operation("Oral morphine equivalents of a regimen", "Regimen", "OmeAnswer", "ome"),
    "/calculations/taper": _operation("A dated, rounded taper plan", "TaperRequest", "TaperAnswer", "taper"),
}


def openapi_document(*, server_url: str = "/api/v1") -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "ROSE dose engine API", "version": "1.0.0",
                 "description": "Staff-only. Sign in with two-factor; send the session cookie and the "
                                "X-CSRFToken header. Every number names its conversion table and source. "
                                "Results support, and never replace, a prescriber's judgement."},
        "servers": [{"url": server_url}],
        "security": [{"session": [], "csrf": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
            },
        },
    }
