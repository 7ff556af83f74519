#!/usr/bin/env python3
"""Assertion benchmark: `concord nlp assert` beside medspaCy 1.3.1 on the NegEx evaluation sets.

Reads the annotation files in place (never copied into the repository):
  ../shared/eval/negex/Annotations-1-120.tsv           negation (Negated / Affirmed)
  ../shared/eval/negex/rsAnnotations-1-120-random.tsv  negation, temporality, experiencer
For each row, the concept is the target phrase and the sentence its context. Prints precision,
recall and F1 for negation, historical and experiencer (other than the patient) for both
systems, and sentences per second, with the ratio concord / medspaCy.

Concord's time is the wall-clock time of whole `concord nlp assert` processes (start-up and
rule loading included) over the rows repeated --repeat times; medspaCy's is the time of its
pipeline (tokenizer, PyRuSH sentence splitter, ConText) over the rows once, model loading excluded.

Usage: evaluate.py CONCORD_BINARY [--eval DIR] [--repeat N]
"""
import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

csv.field_size_limit(sys.maxsize)


def rows(path, columns):
    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle, delimiter="\t", quotechar='"')
        next(reader)
        for row in reader:
            if len(row) >= max(columns) + 1:
                yield [row[c].strip() for c in columns]


def load(eval_dir):
    negex = []
    for concept, sentence, label in rows(eval_dir / "Annotations-1-120.tsv", [1, 2, 3]):
        if label.lower().startswith("neg") or label.lower() == "affirmed":
            negex.append({"target": concept, "sentence": sentence, "negated": label.lower().startswith("neg")})
    rs = []
    for concept, sentence, negation, temporality, experiencer in rows(
            eval_dir / "rsAnnotations-1-120-random.tsv", [1, 2, 3, 4, 5]):
        rs.append({"target": concept, "sentence": sentence,
                   "negated": negation.lower() == "negated",
                   "historical": temporality.lower() == "historical",
                   "hypothetical": temporality.lower() == "not particular",
                   "family": experiencer.lower() != "patient"})
    return negex, rs


def run_concord(binary, items, repeat):
    lines = "".join(f"{i}\t{clean(x['target'])}\t{clean(x['sentence'])}\n" for i, x in enumerate(items))
    start = time.perf_counter()
    for _ in range(repeat):
        done = subprocess.run([binary, "nlp", "assert"], input=lines.encode(), capture_output=True, check=True)
    elapsed = time.perf_counter() - start
    answers = [json.loads(line) for line in done.stdout.decode().splitlines()]
    return answers, len(items) * repeat / elapsed


def clean(text):
    return text.replace("\t", " ").replace("\n", " ")


def run_medspacy(items):
    import medspacy
    from loguru import logger
    logger.disable("PyRuSH")  # its per-token DEBUG lines would be timed as medspaCy's work
    nlp = medspacy.load()
    splitter = nlp.get_pipe("medspacy_pyrush")
    context = nlp.get_pipe("medspacy_context")
    answers = []
    start = time.perf_counter()
    for item in items:
        doc = splitter(nlp.make_doc(item["sentence"]))
        at = item["sentence"].lower().find(item["target"].lower())
        span = doc.char_span(at, at + len(item["target"]), label="TARGET", alignment_mode="expand") if at >= 0 else None
        if span is None:
            answers.append({"error": "target not found"})
            continue
        doc.ents = [span]
        doc = context(doc)
        entity = doc.ents[0]
        answers.append({"negated": entity._.is_negated, "possible": entity._.is_uncertain,
                        "historical": entity._.is_historical, "hypothetical": entity._.is_hypothetical,
                        "family": entity._.is_family})
    return answers, len(items) / (time.perf_counter() - start)


def scores(items, answers, key):
    tp = fp = fn = 0
    for item, answer in zip(items, answers):
        predicted = bool(answer.get(key, False))
        tp += predicted and item[key]
        fp += predicted and not item[key]
        fn += item[key] and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("concord")
    parser.add_argument("--eval", default=str(Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "negex"))
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--no-peer", action="store_true", help="score concord alone (no medspaCy)")
    parser.add_argument("--show-errors", action="store_true", help="print concord's negation mistakes")
    args = parser.parse_args()
    negex, rs = load(Path(args.eval))
    everything = negex + rs

    concord, concord_rate = run_concord(args.concord, everything, args.repeat)
    if args.no_peer:
        medspacy, medspacy_rate = [{} for _ in everything], float("nan")
    else:
        medspacy, medspacy_rate = run_medspacy(everything)
    sets = {"negex": (negex, 0), "rs": (rs, len(negex))}

    print(f"{'set':<7}{'measure':<14}{'system':<10}{'P':>7}{'R':>7}{'F1':>7}")
    for label, key, name in [("negex", "negated", "negation"), ("rs", "negated", "negation"),
                             ("rs", "historical", "historical"), ("rs", "family", "experiencer")]:
        items, offset = sets[label]
        for system, answers in [("concord", concord), ("medspacy", medspacy)]:
            p, r, f = scores(items, answers[offset:offset + len(items)], key)
            print(f"{label:<7}{name:<14}{system:<10}{p:7.3f}{r:7.3f}{f:7.3f}")
    missing = sum("error" in a for a in concord)
    print(f"targets not found in their sentence: concord {missing}, medspacy {sum('error' in a for a in medspacy)} "
          f"of {len(everything)}")
    print(f"throughput: concord {concord_rate:,.0f} sentences/s, medspacy {medspacy_rate:,.0f} sentences/s, "
          f"ratio {concord_rate / medspacy_rate:.1f}x")
    if args.show_errors:
        for item, answer in zip(negex, concord):
            if bool(answer.get("negated")) != item["negated"]:
                print(f"{'FN' if item['negated'] else 'FP'}\t{item['target']}\t{item['sentence'][:300]}")


if __name__ == "__main__":
    main()
