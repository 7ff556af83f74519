#!/usr/bin/env python3
"""Checks every code shipped under Ontologies/ against the source it cites.

For each skos:Concept: its scheme and code must be in the DICOM PS3.16 tables that pydicom ships,
with the skos:prefLabel as one of that code's meanings there; every skos:broader and
skos:exactMatch must point to a code of the same tables. Each file must name its source,
version and licence. Exit status 1 lists every mismatch.

    .venv/bin/python Tests/Differential/ontology_codes.py Ontologies
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from pydicom.sr._concepts_dict import concepts

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
SKOS = "{http://www.w3.org/2004/02/skos/core#}"
DCTERMS = "{http://purl.org/dc/terms/}"
CONCEPT = "urn:concord:concept:"
SCHEME = "urn:concord:scheme:"


def meanings():
    table = {}
    for scheme, keywords in concepts.items():
        for entries in keywords.values():
            for code, (meaning, _) in entries.items():
                table.setdefault((scheme, code), set()).add(meaning)
    return table


def reference(uri):
    if not uri.startswith(CONCEPT):
        return None
    scheme, _, code = uri[len(CONCEPT):].partition(":")
    return (scheme, code)


def check(path, table):
    problems = []
    root = ET.parse(path).getroot()
    scheme_elements = root.findall(f"{SKOS}ConceptScheme")
    if not scheme_elements:
        problems.append("no skos:ConceptScheme naming source, version and licence")
    for element in scheme_elements:
        for field in ("source", "hasVersion", "license"):
            if not (element.findtext(f"{DCTERMS}{field}") or "").strip():
                problems.append(f"the concept scheme has no dcterms:{field}")
    count = 0
    for concept in root.iter(f"{SKOS}Concept"):
        count += 1
        notation = concept.find(f"{SKOS}notation")
        label = concept.findtext(f"{SKOS}prefLabel")
        key = (notation.get(f"{RDF}datatype", "").removeprefix(SCHEME), notation.text)
        if key not in table:
            problems.append(f"{key[0]}:{key[1]} is not a code in the pydicom tables")
        elif label not in table[key]:
            problems.append(f"{key[0]}:{key[1]} is '{label}', the tables say {sorted(table[key])}")
        for link in ("broader", "exactMatch"):
            for target in concept.findall(f"{SKOS}{link}"):
                ref = reference(target.get(f"{RDF}resource", ""))
                if ref not in table:
                    problems.append(f"{key[0]}:{key[1]} skos:{link} {ref} is not in the tables")
    return count, problems


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "Ontologies")
    table = meanings()
    total, failed = 0, False
    for path in sorted([*folder.glob("*.rdf"), *folder.glob("*.xml")]):
        count, problems = check(path, table)
        total += count
        for problem in problems:
            print(f"{path}: {problem}")
        failed = failed or bool(problems)
    print(f"ontology codes: {total} concepts checked against pydicom's DICOM tables, "
          f"{'FAILED' if failed else 'all found'}")
    sys.exit(1 if failed or total == 0 else 0)


if __name__ == "__main__":
    main()
