"""The W3C Web Annotation test suite's schemas (tests/web_annotation), run offline.

Each `.test` file of the suite lists assertion schemas (JSON Schema draft 4), each
marked `must`, `should` or `may`, each expecting the document to be valid. The schemas
refer to each other by bare file names ("id.json#/definitions/..."), as if every file
lay in one folder; here they are all registered under one made-up base, so no
reference can reach the network. Dates and URIs are checked with jsonschema's format
checker, which needs rfc3339-validator and rfc3986-validator (the `test` extra).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).parent / "web_annotation"
CONTEXT = SUITE / "context" / "anno.jsonld"
BASE = "file:///web-annotation-tests/"

# The suite's test lists: what each checks, and of what kind of document.
ANNOTATION_MUSTS = "annotations/annotationMusts.test"
ANNOTATION_OPTIONALS = "annotations/annotationOptionals.test"
AGENT_OPTIONALS = "annotations/annotationsAgentOptionals.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
COLLECTION_OPTIONALS = "collections/collectionOptionals.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"
PAGE_OPTIONALS = "collections/pages/pageOptionals.test"


@dataclass(frozen=True)
class Result:
    """One assertion of the suite run on one document."""

    assertion: str  # the schema's file name, e.g. 5.1-collectionIdValidated.json
    kind: str  # must, should or may
    passed: bool
    message: str  # the suite's own words for a failure


def _absolute(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "id": BASE + schema["id"]}


@cache
def _schemas() -> tuple[Registry, dict[str, dict[str, Any]]]:
    """Every schema of the suite by path, and a registry holding them under BASE."""
    by_path: dict[str, dict[str, Any]] = {}
    resources = []
    for path in sorted(SUITE.glob("**/*.json")):
        relative = path.relative_to(SUITE).as_posix()
        if relative.startswith(("samples/", "context/")):
            continue
        schema = _absolute(json.loads(path.read_text(encoding="utf-8")))
        by_path[relative] = schema
        resources.append(
            (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        )
    return Registry().with_resources(resources), by_path


def assertions(test: str) -> list[str]:
    """The schema paths a `.test` file of the suite lists."""
    return json.loads((SUITE / test).read_text(encoding="utf-8"))["assertions"]


def run(document: Any, test: str) -> list[Result]:
    """Every assertion of `test` (a `.test` path) on `document`."""
    registry, by_path = _schemas()
    results = []
    for path in assertions(test):
        schema = by_path[path]
        # By reference, not as the root: a draft 4 schema's "id" beside its "$ref" is
        # ignored, so only the address it was looked up by gives its references a base.
        validator = Draft4Validator(
            {"$ref": schema["id"]},
            registry=registry,
            format_checker=Draft4Validator.FORMAT_CHECKER,
        )
        passed = validator.is_valid(document)
        results.append(
            Result(Path(path).name, schema["assertionType"], passed, schema["errorMessage"])
        )
    return results


def failures(document: Any, test: str, kinds: tuple[str, ...] = ("must",)) -> list[Result]:
    """The assertions of `test` of the given kinds that `document` fails."""
    return [r for r in run(document, test) if r.kind in kinds and not r.passed]


def sample(name: str) -> Any:
    """One of the suite's sample annotations, e.g. "correct/anno1.json"."""
    return json.loads((SUITE / "samples" / name).read_text(encoding="utf-8"))


def context_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pyld document loader that knows the vendored anno.jsonld and nothing else."""
    if url.rstrip("/") not in (
        "http://www.w3.org/ns/anno.jsonld",
        "https://www.w3.org/ns/anno.jsonld",
    ):
        raise ValueError(f"no document {url} offline")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT.read_text(encoding="utf-8")),
    }
