#!/usr/bin/python3
"""Classification metrics as scikit-learn defines them, written with numpy only (sklearn is not
installed everywhere), one sample at a time so that it shares nothing with the engine's
vectorised code. Reads {"classes": C, "logits": [[...]], "labels": [...]} on stdin and prints the
figures as JSON.

Definitions (sklearn.metrics, zero_division=0):
  precision_c = TP_c / predicted_c (0 when class c is never predicted)
  recall_c    = TP_c / support_c   (0 when class c has no samples)
  f1_c        = 2 p r / (p + r)    (0 when p + r is 0)
  macro       = mean over the labels present in y_true or y_pred (sklearn's default label set)
  weighted F1 = sum(f1_c * support_c) / N
  top-k       = top_k_accuracy_score with k = min(5, C)
"""
import json
import sys

import numpy as np


def main():
    request = json.load(sys.stdin)
    classes = int(request["classes"])
    logits = np.asarray(request["logits"], dtype=np.float64).reshape(-1, classes)
    labels = np.asarray(request["labels"], dtype=np.int64)
    k = min(5, classes)

    confusion = np.zeros((classes, classes), dtype=np.int64)
    top_k_hits = 0
    for row, label in zip(logits, labels):
        predicted = int(np.argmax(row))
        confusion[label, predicted] += 1
        best = np.argsort(-row, kind="stable")[:k]
        top_k_hits += int(label in best)

    support = confusion.sum(axis=1)
    predicted_counts = confusion.sum(axis=0)
    true_positives = np.diag(confusion)
    precision = np.array([tp / n if n > 0 else 0.0 for tp, n in zip(true_positives, predicted_counts)])
    recall = np.array([tp / n if n > 0 else 0.0 for tp, n in zip(true_positives, support)])
    f1 = np.array([2 * p * r / (p + r) if p + r > 0 else 0.0 for p, r in zip(precision, recall)])
    present = sorted(set(labels.tolist()) | set(np.argmax(logits, axis=1).tolist()))
    samples = len(labels)

    json.dump(
        {
            "samples": samples,
            "confusion": confusion.tolist(),
            "support": support.tolist(),
            "precision": precision.tolist(),
            "recall": recall.tolist(),
            "f1": f1.tolist(),
            "top1": float(true_positives.sum() / samples),
            "topK": k,
            "topKAccuracy": float(top_k_hits / samples),
            "macroPrecision": float(precision[present].mean()),
            "macroRecall": float(recall[present].mean()),
            "macroF1": float(f1[present].mean()),
            "weightedF1": float((f1 * support).sum() / samples),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
