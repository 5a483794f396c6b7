"""Validates custom resources strictly against the OpenAPI schema of their CustomResourceDefinition.

Usage: crd-validate.py CRD_FILE... < objects.json (a JSON array of objects)

The schemas come from the CRDs the projects themselves publish (pinned Go modules listed in
crds.txt, downloaded by setup.sh); apiserver.test.ts installs the same files in a real API server.
"Strictly" as the API server prunes: a field the schema does not declare is an error here, unless
the schema keeps unknown fields (x-kubernetes-preserve-unknown-fields). CEL rules
(x-kubernetes-validations) are not evaluated here; the real API server test does that.
Prints "ok <kind> <name>" per object; exits 1 with every problem on stderr.
"""

import copy
import json
import sys

import jsonschema
import yaml


def strict(schema):
    """The CRD schema as a JSON schema that refuses undeclared fields."""
    schema = copy.deepcopy(schema)

    def visit(node):
        if not isinstance(node, dict):
            return
        if node.pop("x-kubernetes-int-or-string", False):
            node.pop("type", None)
            node["anyOf"] = [{"type": "integer"}, {"type": "string"}]
        if node.pop("nullable", False) and "type" in node:
            node["type"] = [node["type"], "null"]
        preserve = node.get("x-kubernetes-preserve-unknown-fields", False)
        if "properties" in node and "additionalProperties" not in node and not preserve:
            node["additionalProperties"] = False
        for key in ("properties", "patternProperties"):
            for child in node.get(key, {}).values():
                visit(child)
        for key in ("items", "additionalProperties"):
            visit(node.get(key))
        for key in ("allOf", "anyOf", "oneOf"):
            for child in node.get(key, []):
                visit(child)

    visit(schema)
    # Object metadata is the API server's to check (names, labels); the schema only says "object".
    schema.setdefault("properties", {})["metadata"] = {"type": "object"}
    return schema


# libyaml when PyYAML has it: the Argo CD and prometheus-operator CRDs are megabytes of YAML.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_schemas(files, wanted):
    """Strict schemas of the (apiVersion, kind) pairs in `wanted`, from the CRD files."""
    schemas = {}
    for file in files:
        with open(file, encoding="utf-8") as handle:
            for crd in yaml.load_all(handle, Loader=LOADER):
                if not crd or crd.get("kind") != "CustomResourceDefinition":
                    continue
                group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
                for version in crd["spec"]["versions"]:
                    key = (f"{group}/{version['name']}", kind)
                    if version.get("served", True) and key in wanted:
                        schemas[key] = strict(version["schema"]["openAPIV3Schema"])
    return schemas


def main():
    objects = json.load(sys.stdin)
    schemas = load_schemas(sys.argv[1:], {(obj.get("apiVersion"), obj.get("kind")) for obj in objects})
    problems = []
    for obj in objects:
        key = (obj.get("apiVersion"), obj.get("kind"))
        name = obj.get("metadata", {}).get("name")
        schema = schemas.get(key)
        if schema is None:
            problems.append(f"{key[1]} {name}: no CRD schema for {key[0]} {key[1]}")
            continue
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(obj), key=lambda e: list(e.absolute_path))
        for error in errors:
            path = ".".join(str(part) for part in error.absolute_path) or "(root)"
            problems.append(f"{key[1]} {name}: {path}: {error.message}")
        if not errors:
            print(f"ok {key[1]} {name}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
