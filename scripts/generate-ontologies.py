#!/usr/bin/env python3
"""Writes the shipped concept sets under Ontologies/ as SKOS RDF/XML.

Codes and display names come only from the DICOM PS3.16 code tables that PyPI pydicom ships
(pydicom/sr/_cid_dict.py and pydicom/sr/_concepts_dict.py); nothing here types a code.
What this script authors is the radiology vocabulary around them: synonyms and abbreviations,
parent links between concepts the tables hold, and the choice of radiology findings and anatomy.
Every authored entry names its concept by the display name the tables give, and the script stops
if a name is not in the tables, so a typo cannot invent a concept.

    .venv/bin/python scripts/generate-ontologies.py      # rewrites Ontologies/*.rdf
"""
import html
import sys
from pathlib import Path
from urllib.parse import quote

import pydicom
from pydicom.sr._cid_dict import cid_concepts, name_for_cid
from pydicom.sr._concepts_dict import concepts

OUT = Path(__file__).resolve().parent.parent / "Ontologies"
SOURCE = (f"DICOM PS3.16 code tables as shipped by pydicom {pydicom.__version__} "
          "(pydicom/sr/_cid_dict.py, pydicom/sr/_concepts_dict.py)")
LICENCE = ("DICOM PS3.16 content: NEMA, free to use in DICOM implementations; SNOMED CT codes in "
           "DICOM's set are licensed by SNOMED International for use with DICOM free of charge; "
           "RadLex (RSNA) under the RadLex licence; pydicom tables MIT. Synonyms, parent links and "
           "selections: Concord project, MIT.")

# The DICOM context groups shipped whole, one file each.
CID_FILES = [
    (7150, "dicom-cid7150-segmentation-categories.rdf", "Segmentation property categories"),
    (7151, "dicom-cid7151-segmentation-types.rdf", "Segmentation property types"),
    (4, "dicom-cid4-anatomic-regions.rdf", "Anatomic regions"),
    (244, "dicom-cid244-laterality.rdf", "Laterality"),
    (2, "dicom-cid2-anatomic-modifiers.rdf", "Anatomic modifiers"),
    (6102, "dicom-cid6102-chest-findings.rdf", "Chest findings, features and modifiers"),
    (7153, "dicom-cid7153-cns-segmentation-types.rdf", "CNS segmentation types"),
]

# Radiology findings for chest, abdomen and neuro reports, by their display name in the tables.
FINDINGS = [
    "Pneumothorax", "Pleural effusion", "Pulmonary embolism", "Plate-like atelectasis",
    "Ground glass opacity", "Opacity", "Infiltrate", "Nodule", "Micronodule", "Mass", "Lesion",
    "Coin lesion", "Cyst", "Abscess", "Hemorrhage", "Hematoma", "Edema", "Pulmonary edema",
    "Cardiomegaly", "Pericardial effusion", "Effusion", "Pneumomediastinum", "Air-trapping",
    "Air bronchogram", "Air-fluid level", "Honeycomb pattern", "Tree-in-bud sign", "Mosaic pattern",
    "Reticular pattern", "Kerley B line", "Scar tissue", "Aortic aneurysm", "Aortic dissection",
    "aneurysm", "Thrombus", "Embolus", "Stenosis", "Lymphadenopathy", "Metastasis",
    "Neoplasm", "Neoplasm, Primary", "Neoplasm, Secondary", "Lesion of Brain", "Inflammation",
    "Fibrosis", "Atrophy", "pathologic calcification", "Hepatomegaly", "Cirrhosis of liver",
    "Hemangioma", "Stroke", "Cardiomyopathy", "diverticulum",
    "Necrosis",
]

# Anatomy a report names as a finding's location, beyond CID 4 and the CNS types.
ANATOMY = [
    "Lung", "Lobe of lung", "Upper lobe of lung", "Lower lobe of lung", "Middle lobe of right lung",
    "Segment of lung", "Hilum of lung", "Apex of Lung", "Fissure of lung", "Pleura", "Mediastinum",
    "Heart", "Trachea", "Bronchus", "Left main bronchus", "Right main bronchus", "Diaphragm",
    "Rib", "Spine", "Vertebra", "Liver", "Gallbladder", "Spleen", "Pancreas", "Kidney",
    "Adrenal gland", "Bladder", "Colon", "Aorta", "Thoracic aorta", "Abdominal aorta",
    "Lymph Node", "Left Anterior Descending Coronary Artery", "Right Coronary Artery",
    "Circumflex Coronary Artery", "Brain", "Cerebral hemisphere", "Frontal lobe",
    "Parietal lobe", "Temporal lobe", "Occipital lobe", "Cerebellum", "Brain Stem",
    "Lateral Ventricle", "Third ventricle", "Fourth Ventricle", "Thalamus", "Corpus callosum",
]

# Names and abbreviations radiologists write, keyed by the tables' display name.
SYNONYMS = {
    "Pneumothorax": ["PTX"],
    "Pleural effusion": ["pleural fluid", "hydrothorax"],
    "Pulmonary embolism": ["PE", "pulmonary embolus", "pulmonary emboli", "pulmonary thromboembolism"],
    "Plate-like atelectasis": ["atelectasis", "discoid atelectasis", "subsegmental atelectasis",
                               "linear atelectasis"],
    "Ground glass opacity": ["GGO", "ground-glass opacity", "ground glass opacification",
                             "ground glass attenuation"],
    "Opacity": ["opacification", "airspace opacity", "density"],
    "Infiltrate": ["infiltration", "airspace disease", "consolidation"],
    "Nodule": ["pulmonary nodule", "lung nodule"],
    "Micronodule": ["micronodular"],
    "Mass": ["masses"],
    "Lesion": ["lesions"],
    "Cyst": ["cystic lesion"],
    "Abscess": ["abscesses"],
    "Hemorrhage": ["haemorrhage", "bleed", "bleeding", "hemorrhagic"],
    "Hematoma": ["haematoma"],
    "Edema": ["oedema"],
    "Pulmonary edema": ["pulmonary oedema", "interstitial edema", "alveolar edema"],
    "Cardiomegaly": ["enlarged heart", "cardiac enlargement"],
    "Pericardial effusion": ["pericardial fluid"],
    "Air-trapping": ["air trapping"],
    "Air-fluid level": ["air fluid level"],
    "Honeycomb pattern": ["honeycombing"],
    "Tree-in-bud sign": ["tree-in-bud", "tree in bud opacities"],
    "Mosaic pattern": ["mosaic attenuation"],
    "Kerley B line": ["Kerley B lines"],
    "Scar tissue": ["scar", "scarring"],
    "Aortic aneurysm": ["AAA", "aortic aneurysmal dilatation"],
    "Aortic dissection": ["dissection of the aorta"],
    "Thrombus": ["thrombosis", "clot", "blood clot"],
    "Embolus": ["emboli", "embolism"],
    "Stenosis": ["narrowing"],
    "Lymphadenopathy": ["adenopathy", "enlarged lymph nodes", "lymph node enlargement"],
    "Metastasis": ["metastases", "metastatic disease", "mets"],
    "Neoplasm": ["tumor", "tumour"],
    "Neoplasm, Primary": ["primary neoplasm", "primary tumor"],
    "Neoplasm, Secondary": ["secondary neoplasm"],
    "Lesion of Brain": ["brain lesion", "intracranial lesion"],
    "Inflammation": ["inflammatory change", "inflammatory changes"],
    "pathologic calcification": ["calcification", "calcified", "calcifications"],
    "Cirrhosis of liver": ["cirrhosis", "hepatic cirrhosis"],
    "Stroke": ["CVA", "cerebrovascular accident", "infarct", "infarction"],
    "diverticulum": ["diverticula", "diverticulosis"],
    "Lobe of lung": ["lobe", "lung lobe"],
    "Upper lobe of lung": ["upper lobe", "right upper lobe", "left upper lobe", "RUL", "LUL"],
    "Lower lobe of lung": ["lower lobe", "right lower lobe", "left lower lobe", "RLL", "LLL"],
    "Middle lobe of right lung": ["right middle lobe", "RML", "middle lobe"],
    "Segment of lung": ["lung segment", "segment"],
    "Hilum of lung": ["hilum", "hila", "hilar"],
    "Apex of Lung": ["lung apex", "apex", "apical"],
    "Lung": ["lungs", "pulmonary"],
    "Pleura": ["pleural"],
    "Mediastinum": ["mediastinal"],
    "Heart": ["cardiac"],
    "Liver": ["hepatic"],
    "Kidney": ["kidneys", "renal"],
    "Spleen": ["splenic"],
    "Pancreas": ["pancreatic"],
    "Gallbladder": ["gall bladder"],
    "Left Anterior Descending Coronary Artery": ["LAD"],
    "Right Coronary Artery": ["RCA"],
    "Circumflex Coronary Artery": ["LCx", "circumflex artery"],
    "Lymph Node": ["lymph nodes", "node", "nodes"],
    "Brain": ["cerebral"],
    "Cerebellum": ["cerebellar"],
    "Brain Stem": ["brainstem"],
    "Lateral Ventricle": ["lateral ventricles"],
    "Vertebra": ["vertebrae", "vertebral body"],
    "Rib": ["ribs"],
    "Bilateral": ["both", "bilaterally"],
    "Right": ["right-sided", "rt"],
    "Left": ["left-sided", "lt"],
}

# Broader concepts, both named by their display name in the tables.
PARENTS = {
    "Pulmonary embolism": "Embolus",
    "Coin lesion": "Nodule",
    "Micronodule": "Nodule",
    "Nodule": "Lesion",
    "Mass": "Lesion",
    "Cyst": "Lesion",
    "Abscess": "Lesion",
    "Lesion of Brain": "Lesion",
    "Ground glass opacity": "Opacity",
    "Infiltrate": "Opacity",
    "Pleural effusion": "Effusion",
    "Pericardial effusion": "Effusion",
    "Pulmonary edema": "Edema",
    "Aortic aneurysm": "aneurysm",
    "Hematoma": "Hemorrhage",
    "Neoplasm, Primary": "Neoplasm",
    "Neoplasm, Secondary": "Neoplasm",
    "Metastasis": "Neoplasm",
    "Lobe of lung": "Lung",
    "Upper lobe of lung": "Lobe of lung",
    "Lower lobe of lung": "Lobe of lung",
    "Middle lobe of right lung": "Lobe of lung",
    "Segment of lung": "Lung",
    "Apex of Lung": "Lung",
    "Hilum of lung": "Lung",
    "Fissure of lung": "Lung",
    "Left main bronchus": "Bronchus",
    "Right main bronchus": "Bronchus",
    "Thoracic aorta": "Aorta",
    "Abdominal aorta": "Aorta",
    "Cerebral hemisphere": "Brain",
    "Frontal lobe": "Cerebral hemisphere",
    "Parietal lobe": "Cerebral hemisphere",
    "Temporal lobe": "Cerebral hemisphere",
    "Occipital lobe": "Cerebral hemisphere",
    "Cerebellum": "Brain",
    "Brain Stem": "Brain",
    "Thalamus": "Brain",
    "Corpus callosum": "Brain",
}

SCHEMES = ("SCT", "RADLEX", "DCM")


class Registry:
    """Every (scheme, code) of the tables with one display name, and a lookup by name."""

    def __init__(self):
        self.display = {}
        self.by_name = {}
        for scheme in SCHEMES:
            for entries in concepts[scheme].values():
                for code, (meaning, cids) in entries.items():
                    key = (scheme, code)
                    # Prefer the meaning used in a context group over a bare SNOMED FSN.
                    if key not in self.display or (cids and "(" in self.display[key]):
                        self.display[key] = meaning
                    self.by_name.setdefault(meaning.lower(), key)

    def lookup(self, name):
        key = self.by_name.get(name.lower())
        if key is None:
            sys.exit(f"generate-ontologies: '{name}' is not a display name in the pydicom tables")
        return key

    def members(self, cid):
        out = []
        for scheme, keywords in cid_concepts[cid].items():
            if scheme not in SCHEMES:
                continue
            for keyword in keywords:
                for code, (_, cids) in concepts[scheme][keyword].items():
                    if cid in cids:
                        out.append((scheme, code))
        return sorted(set(out))


def set_uri(name):
    """The IRI of a concept set; the name is percent-encoded ("CID 244" → "CID%20244")."""
    return f"urn:concord:set:{quote(name)}"


def uri(key):
    return f"urn:concord:concept:{key[0]}:{key[1]}"


def write(path, title, set_name, keys, registry, sets_of, synonyms, parents):
    esc = html.escape
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- {esc(title)}. Generated by scripts/generate-ontologies.py; do not edit by hand. -->",
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"',
        '         xmlns:skos="http://www.w3.org/2004/02/skos/core#"',
        '         xmlns:dcterms="http://purl.org/dc/terms/">',
        f'  <skos:ConceptScheme rdf:about="{set_uri(set_name)}">',
        f"    <dcterms:title>{esc(title)}</dcterms:title>",
        f"    <skos:notation>{esc(set_name)}</skos:notation>",
        f"    <dcterms:source>{esc(SOURCE)}</dcterms:source>",
        f"    <dcterms:hasVersion>pydicom {pydicom.__version__}</dcterms:hasVersion>",
        f"    <dcterms:license>{esc(LICENCE)}</dcterms:license>",
        "  </skos:ConceptScheme>",
    ]
    for key in keys:
        display = registry.display[key]
        lines.append(f'  <skos:Concept rdf:about="{uri(key)}">')
        for name in [set_name] + sorted(sets_of.get(key, ())):
            lines.append(f'    <skos:inScheme rdf:resource="{set_uri(name)}"/>')
        lines.append(f'    <skos:notation rdf:datatype="urn:concord:scheme:{key[0]}">{esc(key[1])}</skos:notation>')
        lines.append(f'    <skos:prefLabel xml:lang="en">{esc(display)}</skos:prefLabel>')
        for synonym in synonyms.get(key, []):
            lines.append(f'    <skos:altLabel xml:lang="en">{esc(synonym)}</skos:altLabel>')
        if key in parents:
            lines.append(f'    <skos:broader rdf:resource="{uri(parents[key])}"/>')
        lines.append("  </skos:Concept>")
    lines.append("</rdf:RDF>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(keys)} concepts", file=sys.stderr)


def main():
    registry = Registry()
    synonyms = {registry.lookup(name): names for name, names in SYNONYMS.items()}
    parents = {registry.lookup(name): registry.lookup(parent) for name, parent in PARENTS.items()}
    OUT.mkdir(exist_ok=True)
    roles = {}
    for key in (registry.lookup(n) for n in FINDINGS):
        roles.setdefault(key, set()).add("finding")
    for cid in (4, 7153):
        for key in registry.members(cid):
            roles.setdefault(key, set()).add("anatomy")
    for key in (registry.lookup(n) for n in ANATOMY):
        roles.setdefault(key, set()).add("anatomy")
    for cid, filename, title in CID_FILES:
        write(OUT / filename, f"DICOM CID {cid} {name_for_cid[cid]}: {title}", f"CID {cid}",
              registry.members(cid), registry, roles, synonyms, parents)
    curated = sorted({registry.lookup(n) for n in FINDINGS + ANATOMY})
    write(OUT / "radiology-findings-anatomy.rdf",
          "Radiology findings and anatomy for chest, abdomen and neuro reports",
          "radiology", curated, registry, roles, synonyms, parents)


if __name__ == "__main__":
    main()
