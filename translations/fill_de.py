#!/usr/bin/python3
"""Fills German translations into fovea_de.ts from the table below (run after lupdate).

Keeps the table beside the .ts so a new string is one line here; the TranslationsTest fails
while any message is left unfinished.
Usage: translations/fill_de.py [translations/fovea_de.ts]
"""
import html
import re
import sys

GERMAN = {
    "About Fovea": "Über Fovea",
    "<b>Fovea</b> %1<br>A workbench for image classification: pick an architecture, point it at images, watch it learn.":
        "<b>Fovea</b> %1<br>Eine Werkbank für Bildklassifikation: Architektur wählen, auf Bilder zeigen, beim Lernen zusehen.",
    "Fovea — image classification workbench": "Fovea — Werkbank für Bildklassifikation",
    "Train": "Trainieren",
    "Stop": "Anhalten",
    "Training loss": "Trainingsverlust",
    "Validation loss": "Validierungsverlust",
    "Training accuracy": "Trainingsgenauigkeit",
    "Validation accuracy": "Validierungsgenauigkeit",
    "Epoch": "Epoche",
    "Loss": "Verlust",
    "Accuracy": "Genauigkeit",
    "Epoch %1 of %2": "Epoche %1 von %2",
    "Ready": "Bereit",
    "Validation accuracy: %1 %": "Validierungsgenauigkeit: %1 %",
    "Validation accuracy: –": "Validierungsgenauigkeit: –",
    "&File": "&Datei",
    "&Open dataset folder…": "Datensatzordner ö&ffnen…",
    "&Quit": "&Beenden",
    "&Language": "&Sprache",
    "System default": "Systemvorgabe",
    "&Help": "&Hilfe",
    "&About Fovea": "Ü&ber Fovea",
    "A run is already in progress.": "Es läuft bereits ein Training.",
    "Stopping after the current batch…": "Halte nach dem aktuellen Batch an…",
    "Training; run directory: %1": "Training läuft; Ergebnisordner: %1",
    "%1 images/s": "%1 Bilder/s",
    "Stopped after %n epoch(s); run directory: %1": [
        "Nach %n Epoche angehalten; Ergebnisordner: %1",
        "Nach %n Epochen angehalten; Ergebnisordner: %1"],
    "Finished %n epoch(s); run directory: %1": [
        "%n Epoche abgeschlossen; Ergebnisordner: %1",
        "%n Epochen abgeschlossen; Ergebnisordner: %1"],
    "Training failed.": "Training fehlgeschlagen.",
    "Training failed": "Training fehlgeschlagen",
    "Choose a dataset folder (IDX files)": "Datensatzordner wählen (IDX-Dateien)",
    "%1 · %2 parameters at 1000 classes · %3 px default input":
        "%1 · %2 Parameter bei 1000 Klassen · %3 px Standardeingabe",
    "Dataset:": "Datensatz:",
    "Browse…": "Durchsuchen…",
    "Folder with IDX files (MNIST, Fashion-MNIST)": "Ordner mit IDX-Dateien (MNIST, Fashion-MNIST)",
    "Architecture:": "Architektur:",
    "Input size:": "Eingabegröße:",
    "Epochs:": "Epochen:",
    "Batch size:": "Batchgröße:",
    "Learning rate:": "Lernrate:",
    "Threads:": "Threads:",
    "dataset size": "Größe des Datensatzes",
    " px": " px",
    "all cores (%1)": "alle Kerne (%1)",
    "The dataset could not be read.": "Der Datensatz konnte nicht gelesen werden.",
    "The settings are not valid.": "Die Einstellungen sind ungültig.",
    "The architecture is not known.": "Die Architektur ist unbekannt.",
    "Training became numerically unstable.": "Das Training wurde numerisch instabil.",
    "A file could not be read or written.": "Eine Datei konnte nicht gelesen oder geschrieben werden.",
    "Training stopped because of an internal error.": "Das Training wurde wegen eines internen Fehlers beendet.",
    "Details: %1": "Einzelheiten: %1",
    "%1, %2 classes, %3 px — %4": "%1, %2 Klassen, %3 px — %4",
    "no model is loaded; choose a model file first": "kein Modell geladen; zuerst eine Modelldatei wählen",
    "Choose &model to classify with…": "&Modell zum Klassifizieren wählen…",
    "&Paste images to classify": "Bilder zum Klassifizieren ein&fügen",
    "Classify": "Klassifizieren",
    "Model not loaded": "Modell nicht geladen",
    "%1 could not be loaded as a model.": "%1 konnte nicht als Modell geladen werden.",
    "Classification cancelled.": "Klassifikation abgebrochen.",
    "Classification finished.": "Klassifikation abgeschlossen.",
    "Model to classify with": "Modell zum Klassifizieren",
    "Fovea models (*.pt);;All files (*)": "Fovea-Modelle (*.pt);;Alle Dateien (*)",
    "Choose a model to classify these images with.": "Wählen Sie ein Modell, um diese Bilder zu klassifizieren.",
    "pasted image": "eingefügtes Bild",
    "Image": "Bild",
    "Prediction": "Vorhersage",
    "Probability": "Wahrscheinlichkeit",
    "Top 5": "Top 5",
    "Images to classify": "Zu klassifizierende Bilder",
    "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;All files (*)":
        "Bilder (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;Alle Dateien (*)",
    "Folder to classify": "Zu klassifizierender Ordner",
    "%1 of %2 images": "%1 von %2 Bildern",
    "Export results": "Ergebnisse exportieren",
    "CSV files (*.csv)": "CSV-Dateien (*.csv)",
    "Could not write %1: %2": "%1 konnte nicht geschrieben werden: %2",
    "No model chosen: train one, or choose a model file.": "Kein Modell gewählt: trainieren Sie eines oder wählen Sie eine Modelldatei.",
    "Model: %1": "Modell: %1",
    "Choose model…": "Modell wählen…",
    "Add images…": "Bilder hinzufügen…",
    "Add folder…": "Ordner hinzufügen…",
    "Test-time crops (ten)": "Testzeit-Ausschnitte (zehn)",
    "Average the predictions of ten crops: the centre, the four corners and their mirror images":
        "Mittelt die Vorhersagen von zehn Ausschnitten: Mitte, vier Ecken und ihre Spiegelbilder",
    "Export CSV…": "CSV exportieren…",
    "Clear": "Leeren",
    "Cancel": "Abbrechen",
    "Drop images or folders anywhere on the window, or paste them.": "Bilder oder Ordner irgendwo auf das Fenster ziehen oder einfügen.",
    "Files that could not be classified: %1": "Nicht klassifizierbare Dateien: %1",
    "File": "Datei",
    "Reason": "Grund",
    "Centre crop": "Mittlerer Ausschnitt",
    "Five crops": "Fünf Ausschnitte",
    "Ten crops (five and their mirror images)": "Zehn Ausschnitte (fünf und ihre Spiegelbilder)",
    "Ten crops at three scales": "Zehn Ausschnitte in drei Maßstäben",
    ", %1 px": ", %1 px",
    ", mirrored": ", gespiegelt",
    "Crops": "Ausschnitte",
    "Image to inspect": "Zu untersuchendes Bild",
    "%1 could not be inspected: %2": "%1 konnte nicht untersucht werden: %2",
    "Averaged over %n crop(s):": ["Gemittelt über %n Ausschnitt:", "Gemittelt über %n Ausschnitte:"],
    "Open image…": "Bild öffnen…",
    "Which test-time crops to take": "Welche Testzeit-Ausschnitte genommen werden",
    "Open an image, or double-click one on the Classify page, to see every crop the network is shown and what it predicts for each.":
        "Öffnen Sie ein Bild oder doppelklicken Sie eines auf der Seite Klassifizieren, um jeden Ausschnitt zu sehen, den das Netz erhält, und was es für jeden vorhersagt.",
    "Inspect": "Untersuchen",
    "Model to inspect": "Zu untersuchendes Modell",
    "Labelled dataset": "Beschrifteter Datensatz",
    "Choose a model file first (or train one).": "Wählen Sie zuerst eine Modelldatei (oder trainieren Sie eines).",
    "Evaluation failed: %1": "Auswertung fehlgeschlagen: %1",
    "An evaluation is already running.": "Eine Auswertung läuft bereits.",
    "%1 pictures of %2 predicted as %3 (%4 % of %2)": "%1 Bilder von %2 als %3 vorhergesagt (%4 % von %2)",
    "true class: %1": "wahre Klasse: %1",
    "predicted: %1": "vorhergesagt: %1",
    "%1 taken for %2: %3": "%1 für %2 gehalten: %3",
    "%1 of %2 pictures": "%1 von %2 Bildern",
    "No model chosen.": "Kein Modell gewählt.",
    "No dataset chosen.": "Kein Datensatz gewählt.",
    "Dataset: %1": "Datensatz: %1",
    "Choose dataset…": "Datensatz wählen…",
    "Evaluate": "Auswerten",
    "Normalised by row": "Zeilenweise normiert",
    "Misclassified only": "Nur Fehlklassifizierte",
    "confidence ≥ ": "Konfidenz ≥ ",
    "≤ ": "≤ ",
    "Class": "Klasse",
    "Precision": "Präzision",
    "Recall": "Trefferquote",
    "F1": "F1",
    "Support": "Anzahl",
    "any true class": "jede wahre Klasse",
    "any prediction": "jede Vorhersage",
    "Dataset order": "Reihenfolge im Datensatz",
    "Top losses first": "Größte Verluste zuerst",
    "Least confident first": "Unsicherste zuerst",
    "Most confident first": "Sicherste zuerst",
    "Top-1 %1 %, top-%2 %3 %, %4 pictures": "Top-1 %1 %, Top-%2 %3 %, %4 Bilder",
    "Choose a model and a labelled dataset, then Evaluate.": "Wählen Sie ein Modell und einen beschrifteten Datensatz, dann Auswerten.",
    "%1 %2 %\n(is %3)": "%1 %2 %\n(ist %3)",
    "%1\ntrue: %2, predicted: %3 (%4 %), loss %5": "%1\nwahr: %2, vorhergesagt: %3 (%4 %), Verlust %5",
    "evaluate a model first": "zuerst ein Modell auswerten",
    "Evidence for %1 (probability %2 %)": "Belege für %1 (Wahrscheinlichkeit %2 %)",
    "Grad-CAM failed: %1": "Grad-CAM fehlgeschlagen: %1",
    "Grad-CAM: predicted class": "Grad-CAM: vorhergesagte Klasse",
    "The class whose evidence the heat map shows": "Die Klasse, deren Belege die Wärmekarte zeigt",
    "Select a picture to see where the network looked.": "Wählen Sie ein Bild, um zu sehen, wohin das Netz geschaut hat.",
    "%1, first test picture": "%1, erstes Testbild",
    "no picture in %1": "kein Bild in %1",
    "Augment": "Augmentieren",
    "Picture to preview": "Bild für die Vorschau",
    "%1. %2 (p = %3)": "%1. %2 (p = %3)",
    "probability": "Wahrscheinlichkeit",
    "Start from a preset…": "Mit einer Vorlage beginnen…",
    "Add": "Hinzufügen",
    "Remove": "Entfernen",
    "Up": "Hoch",
    "Down": "Runter",
    "Picture…": "Bild…",
    "Reseed": "Neu würfeln",
    "Network input": "Netzeingabe",
    "Show exactly what the network receives: the normalised input turned back into colours":
        "Genau zeigen, was das Netz erhält: die normierte Eingabe, zurück in Farben gewandelt",
    " draws": " Ziehungen",
    "listing": "auflisten",
    "reading headers": "Kopfdaten lesen",
    "Data": "Daten",
    "Dataset folder": "Datensatzordner",
    "Dataset list file": "Datensatz-Listendatei",
    "Lists (*.csv *.tsv *.txt);;All files (*)": "Listen (*.csv *.tsv *.txt);;Alle Dateien (*)",
    "The dataset could not be read: %1": "Der Datensatz konnte nicht gelesen werden: %1",
    "A dataset is still being read.": "Ein Datensatz wird noch gelesen.",
    "Open folder…": "Ordner öffnen…",
    "Open list file…": "Listendatei öffnen…",
    "validation ": "Validierung ",
    "Fraction of each class held out for validation when the dataset has no val part":
        "Anteil jeder Klasse, der zur Validierung zurückgehalten wird, wenn der Datensatz keinen Validierungsteil hat",
    "No dataset opened: open a folder, a CSV/TSV list or IDX files, or drop a folder here.":
        "Kein Datensatz geöffnet: öffnen Sie einen Ordner, eine CSV/TSV-Liste oder IDX-Dateien, oder ziehen Sie einen Ordner hierher.",
    "Validation": "Validierung",
    "Left out: %1": "Ausgelassen: %1",
    "every class": "jede Klasse",
    "%1: %2 classes, %3 training and %4 validation pictures, %5": "%1: %2 Klassen, %3 Trainings- und %4 Validierungsbilder, %5",
    "Model": "Modell",
    "Pretrained weights": "Vortrainierte Gewichte",
    "State dicts (*.pt *.pth);;All files (*)": "State-Dicts (*.pt *.pth);;Alle Dateien (*)",
    "Head": "Kopf",
    "Dropout": "Dropout",
    "Freeze up to": "Einfrieren bis",
    "%1: %2 tensors loaded, %3 skipped, %4 started fresh": "%1: %2 Tensoren geladen, %3 übersprungen, %4 neu initialisiert",
    "fresh: %1": "neu: %1",
    "skipped: %1": "übersprungen: %1",
    "Filter by name or family": "Nach Name oder Familie filtern",
    "Architecture": "Architektur",
    "Family": "Familie",
    "Parameters": "Parameter",
    "Input": "Eingabe",
    "Preprocessing": "Vorverarbeitung",
    "Top-1": "Top-1",
    "Keras top-1 / 5": "Keras Top-1 / 5",
    "its own": "der eigene",
    "fully connected (VGG style)": "vollständig verbunden (VGG-Stil)",
    "global average pooling": "globales Mittelwert-Pooling",
    "global max pooling": "globales Maximum-Pooling",
    "Compact stem for 28–64 px pictures": "Kompakter Stamm für Bilder mit 28–64 px",
    "nothing frozen": "nichts eingefroren",
    "Import pretrained weights…": "Vortrainierte Gewichte importieren…",
    "Stage": "Stufe",
    "Trainable": "Trainierbar",
    "%1 parameters, %2 trainable; training state (weights, gradients, momentum) %3 MiB, activations not included":
        "%1 Parameter, %2 trainierbar; Trainingszustand (Gewichte, Gradienten, Momentum) %3 MiB, Aktivierungen nicht enthalten",
    "Paused after the current batch; Resume continues.": "Nach dem laufenden Stapel angehalten; Fortsetzen setzt fort.",
    "Training.": "Training läuft.",
    "Resume": "Fortsetzen",
    "Pause": "Pause",
}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "translations/fovea_de.ts"
    text = open(path, encoding="utf-8").read()
    missing = []

    def fill(match):
        head, source, body = match.group(1), match.group(2), match.group(3)
        key = html.unescape(source)
        german = GERMAN.get(key)
        if german is None:
            missing.append(key)
            return match.group(0)
        if isinstance(german, list):
            forms = "".join(f"\n            <numerusform>{html.escape(f, quote=False)}</numerusform>" for f in german)
            translation = f"<translation>{forms}\n        </translation>"
        else:
            translation = f"<translation>{html.escape(german, quote=False)}</translation>"
        return f"{head}<source>{source}</source>\n        {translation}"

    text = re.sub(r"(<message[^>]*>\s*)<source>(.*?)</source>\s*(<translation.*?</translation>)",
                  fill, text, flags=re.S)
    open(path, "w", encoding="utf-8").write(text)
    if missing:
        print("no German for:\n  " + "\n  ".join(missing))
        sys.exit(1)


if __name__ == "__main__":
    main()
