<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>fovea::app::AugmentationPreviewController</name>
    <message>
        <source>%1, first test picture</source>
        <translation>%1, erstes Testbild</translation>
    </message>
    <message>
        <source>no picture in %1</source>
        <translation>kein Bild in %1</translation>
    </message>
</context>
<context>
    <name>fovea::app::ClassificationController</name>
    <message>
        <source>%1, %2 classes, %3 px — %4</source>
        <translation>%1, %2 Klassen, %3 px — %4</translation>
    </message>
    <message>
        <source>no model is loaded; choose a model file first</source>
        <translation>kein Modell geladen; zuerst eine Modelldatei wählen</translation>
    </message>
    <message>
        <source>Centre crop</source>
        <translation>Mittlerer Ausschnitt</translation>
    </message>
    <message>
        <source>Five crops</source>
        <translation>Fünf Ausschnitte</translation>
    </message>
    <message>
        <source>Ten crops (five and their mirror images)</source>
        <translation>Zehn Ausschnitte (fünf und ihre Spiegelbilder)</translation>
    </message>
    <message>
        <source>Ten crops at three scales</source>
        <translation>Zehn Ausschnitte in drei Maßstäben</translation>
    </message>
    <message>
        <source>, %1 px</source>
        <translation>, %1 px</translation>
    </message>
    <message>
        <source>, mirrored</source>
        <translation>, gespiegelt</translation>
    </message>
</context>
<context>
    <name>fovea::app::DatasetController</name>
    <message>
        <source>listing</source>
        <translation>auflisten</translation>
    </message>
    <message>
        <source>reading headers</source>
        <translation>Kopfdaten lesen</translation>
    </message>
</context>
<context>
    <name>fovea::app::InspectionController</name>
    <message>
        <source>evaluate a model first</source>
        <translation>zuerst ein Modell auswerten</translation>
    </message>
    <message>
        <source>Evidence for %1 (probability %2 %)</source>
        <translation>Belege für %1 (Wahrscheinlichkeit %2 %)</translation>
    </message>
</context>
<context>
    <name>fovea::app::MainWindow</name>
    <message>
        <source>About Fovea</source>
        <translation>Über Fovea</translation>
    </message>
    <message>
        <source>&lt;b&gt;Fovea&lt;/b&gt; %1&lt;br&gt;A workbench for image classification: pick an architecture, point it at images, watch it learn.</source>
        <translation>&lt;b&gt;Fovea&lt;/b&gt; %1&lt;br&gt;Eine Werkbank für Bildklassifikation: Architektur wählen, auf Bilder zeigen, beim Lernen zusehen.</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>Trainingsgenauigkeit</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>Validierungsgenauigkeit</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Epoch %1 of %2</source>
        <translation>Epoche %1 von %2</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Validation accuracy: %1 %</source>
        <translation>Validierungsgenauigkeit: %1 %</translation>
    </message>
    <message>
        <source>Validation accuracy: –</source>
        <translation>Validierungsgenauigkeit: –</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open dataset folder…</source>
        <translation>Datensatzordner ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Fovea</source>
        <translation>Ü&amp;ber Fovea</translation>
    </message>
    <message>
        <source>A run is already in progress.</source>
        <translation>Es läuft bereits ein Training.</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Halte nach dem aktuellen Batch an…</translation>
    </message>
    <message>
        <source>Training; run directory: %1</source>
        <translation>Training läuft; Ergebnisordner: %1</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 Bilder/s</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n epoch(s); run directory: %1</source>
        <translation>
            <numerusform>Nach %n Epoche angehalten; Ergebnisordner: %1</numerusform>
            <numerusform>Nach %n Epochen angehalten; Ergebnisordner: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Finished %n epoch(s); run directory: %1</source>
        <translation>
            <numerusform>%n Epoche abgeschlossen; Ergebnisordner: %1</numerusform>
            <numerusform>%n Epochen abgeschlossen; Ergebnisordner: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>Training fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>Training fehlgeschlagen</translation>
    </message>
    <message>
        <source>Training stopped because of an internal error.</source>
        <translation>Das Training wurde wegen eines internen Fehlers beendet.</translation>
    </message>
    <message>
        <source>The dataset could not be read.</source>
        <translation>Der Datensatz konnte nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The settings are not valid.</source>
        <translation>Die Einstellungen sind ungültig.</translation>
    </message>
    <message>
        <source>The architecture is not known.</source>
        <translation>Die Architektur ist unbekannt.</translation>
    </message>
    <message>
        <source>Training became numerically unstable.</source>
        <translation>Das Training wurde numerisch instabil.</translation>
    </message>
    <message>
        <source>A file could not be read or written.</source>
        <translation>Eine Datei konnte nicht gelesen oder geschrieben werden.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Einzelheiten: %1</translation>
    </message>
    <message>
        <source>Choose &amp;model to classify with…</source>
        <translation>&amp;Modell zum Klassifizieren wählen…</translation>
    </message>
    <message>
        <source>&amp;Paste images to classify</source>
        <translation>Bilder zum Klassifizieren ein&amp;fügen</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>Klassifizieren</translation>
    </message>
    <message>
        <source>Model not loaded</source>
        <translation>Modell nicht geladen</translation>
    </message>
    <message>
        <source>%1 could not be loaded as a model.</source>
        <translation>%1 konnte nicht als Modell geladen werden.</translation>
    </message>
    <message>
        <source>Classification cancelled.</source>
        <translation>Klassifikation abgebrochen.</translation>
    </message>
    <message>
        <source>Classification finished.</source>
        <translation>Klassifikation abgeschlossen.</translation>
    </message>
    <message>
        <source>Model to classify with</source>
        <translation>Modell zum Klassifizieren</translation>
    </message>
    <message>
        <source>Fovea models (*.pt);;All files (*)</source>
        <translation>Fovea-Modelle (*.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose a model to classify these images with.</source>
        <translation>Wählen Sie ein Modell, um diese Bilder zu klassifizieren.</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>eingefügtes Bild</translation>
    </message>
    <message>
        <source>Crops</source>
        <translation>Ausschnitte</translation>
    </message>
    <message>
        <source>Image to inspect</source>
        <translation>Zu untersuchendes Bild</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;All files (*)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 could not be inspected: %2</source>
        <translation>%1 konnte nicht untersucht werden: %2</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>Untersuchen</translation>
    </message>
    <message>
        <source>Model to inspect</source>
        <translation>Zu untersuchendes Modell</translation>
    </message>
    <message>
        <source>Labelled dataset</source>
        <translation>Beschrifteter Datensatz</translation>
    </message>
    <message>
        <source>Choose a model file first (or train one).</source>
        <translation>Wählen Sie zuerst eine Modelldatei (oder trainieren Sie eines).</translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>Auswertung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>An evaluation is already running.</source>
        <translation>Eine Auswertung läuft bereits.</translation>
    </message>
    <message>
        <source>Grad-CAM failed: %1</source>
        <translation>Grad-CAM fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>Augmentieren</translation>
    </message>
    <message>
        <source>Picture to preview</source>
        <translation>Bild für die Vorschau</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <source>Dataset list file</source>
        <translation>Datensatz-Listendatei</translation>
    </message>
    <message>
        <source>Lists (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>Listen (*.csv *.tsv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The dataset could not be read: %1</source>
        <translation>Der Datensatz konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Pretrained weights</source>
        <translation>Vortrainierte Gewichte</translation>
    </message>
    <message>
        <source>State dicts (*.pt *.pth);;All files (*)</source>
        <translation>State-Dicts (*.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Paused after the current batch; Resume continues.</source>
        <translation>Nach dem laufenden Stapel angehalten; Fortsetzen setzt fort.</translation>
    </message>
    <message>
        <source>Training.</source>
        <translation>Training läuft.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Learning rate (preview)</source>
        <translation>Lernrate (Vorschau)</translation>
    </message>
    <message>
        <source>No schedule: %1</source>
        <translation>Kein Zeitplan: %1</translation>
    </message>
    <message>
        <source>The range test found no rate to suggest.</source>
        <translation>Der Bereichstest fand keine Rate zum Vorschlagen.</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>%1 verwenden</translation>
    </message>
    <message>
        <source>Range test done (the loss diverged at the end); suggested learning rate %1</source>
        <translation>Bereichstest fertig (der Verlust divergierte am Ende); vorgeschlagene Lernrate %1</translation>
    </message>
    <message>
        <source>Range test done; suggested learning rate %1</source>
        <translation>Bereichstest fertig; vorgeschlagene Lernrate %1</translation>
    </message>
    <message>
        <source>Find learning rate</source>
        <translation>Lernrate finden</translation>
    </message>
    <message>
        <source>A short run with a rising rate: where the loss falls fastest is a good starting rate</source>
        <translation>Ein kurzer Lauf mit steigender Rate: wo der Verlust am schnellsten fällt, liegt eine gute Startrate</translation>
    </message>
    <message>
        <source>Smoothed loss against log10(learning rate)</source>
        <translation>Geglätteter Verlust über log10(Lernrate)</translation>
    </message>
    <message>
        <source>Export the curves</source>
        <translation>Kurven exportieren</translation>
    </message>
    <message>
        <source>Training loss, smoothed</source>
        <translation>Trainingsverlust, geglättet</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Glättung</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Logarithmische Skala</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>&amp;Trainieren</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>The project could not be opened.</source>
        <translation>Das Projekt konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>%1 could not be opened as a project.</source>
        <translation>%1 konnte nicht als Projekt geöffnet werden.</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>Projekt speichern</translation>
    </message>
    <message>
        <source>Fovea projects (*.json);;All files (*)</source>
        <translation>Fovea-Projekte (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 could not be written; the project is unchanged.</source>
        <translation>%1 konnte nicht geschrieben werden; das Projekt ist unverändert.</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <source>%1[*] — Fovea</source>
        <translation>%1[*] — Fovea</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The project has unsaved changes.</source>
        <translation>Das Projekt hat ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <source>Save them before going on?</source>
        <translation>Vor dem Fortfahren speichern?</translation>
    </message>
    <message>
        <source>&amp;New project</source>
        <translation>&amp;Neues Projekt</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Save project</source>
        <translation>Projekt &amp;speichern</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>Projekt speichern &amp;unter…</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV table (*.csv)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf);;CSV-Tabelle (*.csv)</translation>
    </message>
    <message>
        <source>%1 could not be written (PNG, SVG, PDF or CSV).</source>
        <translation>%1 konnte nicht geschrieben werden (PNG, SVG, PDF oder CSV).</translation>
    </message>
    <message>
        <source>Run directory to follow</source>
        <translation>Zu verfolgender Ergebnisordner</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>A run is in progress: its own curves are shown.</source>
        <translation>Ein Training läuft: seine eigenen Kurven werden gezeigt.</translation>
    </message>
    <message>
        <source>Following %1</source>
        <translation>Verfolge %1</translation>
    </message>
    <message>
        <source>Following %1: %2 of %3 epochs</source>
        <translation>Verfolge %1: %2 von %3 Epochen</translation>
    </message>
    <message>
        <source>%1: validation accuracy</source>
        <translation>%1: Validierungsgenauigkeit</translation>
    </message>
    <message>
        <source>%1: validation loss</source>
        <translation>%1: Validierungsverlust</translation>
    </message>
    <message>
        <source>%1 elapsed</source>
        <translation>%1 vergangen</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>Some values in %1 are outside what Fovea accepts and were adjusted: %2. Save the project to keep the adjusted values.</source>
        <translation>Einige Werte in %1 liegen außerhalb dessen, was Fovea annimmt, und wurden angepasst: %2. Speichern Sie das Projekt, um die angepassten Werte zu behalten.</translation>
    </message>
    <message>
        <source>A run is training</source>
        <translation>Ein Lauf trainiert</translation>
    </message>
    <message>
        <source>Quitting stops the run in progress.</source>
        <translation>Beenden hält den laufenden Lauf an.</translation>
    </message>
    <message>
        <source>It has not started training yet.</source>
        <translation>Er hat noch nicht mit dem Training begonnen.</translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>Anhalten und beenden</translation>
    </message>
    <message>
        <source>Evaluation cancelled; no results.</source>
        <translation>Auswertung abgebrochen; keine Ergebnisse.</translation>
    </message>
    <message>
        <source>A run is training: stop it (or let it finish) before another project.</source>
        <translation>Ein Lauf trainiert: halten Sie ihn an (oder lassen Sie ihn enden), bevor Sie ein anderes Projekt öffnen.</translation>
    </message>
    <message>
        <source>The learning-rate search stopped because of an internal error.</source>
        <translation>Die Lernratensuche wurde wegen eines internen Fehlers abgebrochen.</translation>
    </message>
    <message>
        <source>The learning-rate search failed.</source>
        <translation>Die Lernratensuche ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Learning-rate search failed</source>
        <translation>Lernratensuche fehlgeschlagen</translation>
    </message>
    <message>
        <source>The Augment page&apos;s steps are not valid: %1</source>
        <translation>Die Schritte der Seite „Augmentieren“ sind ungültig: %1</translation>
    </message>
    <message>
        <source>log10(learning rate)</source>
        <translation>log10(Lernrate)</translation>
    </message>
    <message>
        <source>Smoothed loss</source>
        <translation>Geglätteter Verlust</translation>
    </message>
    <message>
        <source>Epoch %1 of %2: validating, %3 %</source>
        <translation>Epoche %1 von %2: Validierung, %3 %</translation>
    </message>
    <message>
        <source>Resuming %1…</source>
        <translation>%1 wird fortgesetzt…</translation>
    </message>
    <message>
        <source>The run could not be resumed.</source>
        <translation>Der Lauf konnte nicht fortgesetzt werden.</translation>
    </message>
    <message>
        <source>Its last checkpoint is kept; Resume in the run list, or `fovea-cli resume %1`, continues it.</source>
        <translation>Sein letzter Prüfpunkt bleibt erhalten; Fortsetzen in der Liste der Läufe oder `fovea-cli resume %1` setzt ihn fort.</translation>
    </message>
    <message numerus="yes">
        <source>Classifying %n listed picture(s) again with ten crops.</source>
        <translation>
            <numerusform>%n aufgeführtes Bild wird erneut mit zehn Ausschnitten klassifiziert.</numerusform>
            <numerusform>%n aufgeführte Bilder werden erneut mit zehn Ausschnitten klassifiziert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classifying %n listed picture(s) again with the centre crop.</source>
        <translation>
            <numerusform>%n aufgeführtes Bild wird erneut mit dem mittleren Ausschnitt klassifiziert.</numerusform>
            <numerusform>%n aufgeführte Bilder werden erneut mit dem mittleren Ausschnitt klassifiziert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Classification cancelled: %n listed picture(s) keep the results of the other crop setting.</source>
        <translation>
            <numerusform>Klassifikation abgebrochen: %n aufgeführtes Bild behält das Ergebnis der anderen Ausschnitt-Einstellung.</numerusform>
            <numerusform>Klassifikation abgebrochen: %n aufgeführte Bilder behalten die Ergebnisse der anderen Ausschnitt-Einstellung.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;The resumed run keeps the settings it began with&lt;/b&gt; (its config.json); those below are the project&apos;s.</source>
        <translation>&lt;b&gt;Der fortgesetzte Lauf behält die Einstellungen, mit denen er begann&lt;/b&gt; (seine config.json); die folgenden sind die des Projekts.</translation>
    </message>
</context>
<context>
    <name>fovea::app::RunSettingsPanel</name>
    <message>
        <source>%1 · %2 parameters at 1000 classes · %3 px default input</source>
        <translation>%1 · %2 Parameter bei 1000 Klassen · %3 px Standardeingabe</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Datensatz:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Folder with IDX files (MNIST, Fashion-MNIST)</source>
        <translation>Ordner mit IDX-Dateien (MNIST, Fashion-MNIST)</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>Architektur:</translation>
    </message>
    <message>
        <source>Input size:</source>
        <translation>Eingabegröße:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <source>dataset size</source>
        <translation>Größe des Datensatzes</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>all cores (%1)</source>
        <translation>alle Kerne (%1)</translation>
    </message>
    <message>
        <source>Optimiser:</source>
        <translation>Optimierer:</translation>
    </message>
    <message>
        <source>Momentum:</source>
        <translation>Momentum:</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>Gewichtsabnahme:</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>Zeitplan:</translation>
    </message>
    <message>
        <source>Warm-up epochs:</source>
        <translation>Aufwärm-Epochen:</translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation>Label-Glättung:</translation>
    </message>
    <message>
        <source>Accumulate batches:</source>
        <translation>Stapel akkumulieren:</translation>
    </message>
    <message>
        <source>Early stopping after:</source>
        <translation>Früh beenden nach:</translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation>Prüfpunkt alle:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source> epochs without progress</source>
        <translation> Epochen ohne Fortschritt</translation>
    </message>
    <message>
        <source>last and best only</source>
        <translation>nur letzter und bester</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> Epochen</translation>
    </message>
    <message>
        <source>CPU precision:</source>
        <translation>CPU-Rechengenauigkeit:</translation>
    </message>
    <message>
        <source>bfloat16 (about 2× faster on CPUs with AMX)</source>
        <translation>bfloat16 (etwa 2× schneller auf CPUs mit AMX)</translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation>Validierung:</translation>
    </message>
    <message>
        <source>also on mirror images (test-time flip)</source>
        <translation>auch an Spiegelbildern (Test-Time-Flip)</translation>
    </message>
    <message>
        <source>Validate:</source>
        <translation>Validieren:</translation>
    </message>
    <message>
        <source>every epoch</source>
        <translation>nach jeder Epoche</translation>
    </message>
    <message>
        <source>every </source>
        <translation>alle </translation>
    </message>
    <message>
        <source> epochs and after the last</source>
        <translation> Epochen und nach der letzten</translation>
    </message>
    <message>
        <source>Plateau watches:</source>
        <translation>Plateau beobachtet:</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>Validierungsgenauigkeit</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>Trainingsgenauigkeit</translation>
    </message>
    <message>
        <source>Monitored metric:</source>
        <translation>Überwachte Metrik:</translation>
    </message>
    <message>
        <source>The metric that decides the best checkpoint and when early stopping stops</source>
        <translation>Die Metrik, die den besten Prüfpunkt bestimmt und wann früh beendet wird</translation>
    </message>
    <message>
        <source>Choose a dataset folder (IDX files, one folder per class, or train/ and val/)</source>
        <translation>Datensatzordner wählen (IDX-Dateien, ein Ordner je Klasse oder train/ und val/)</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::AugmentationEditor</name>
    <message>
        <source>%1. %2 (p = %3)</source>
        <translation>%1. %2 (p = %3)</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Start from a preset…</source>
        <translation>Mit einer Vorlage beginnen…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Runter</translation>
    </message>
    <message>
        <source>Picture…</source>
        <translation>Bild…</translation>
    </message>
    <message>
        <source>Reseed</source>
        <translation>Neu würfeln</translation>
    </message>
    <message>
        <source>Network input</source>
        <translation>Netzeingabe</translation>
    </message>
    <message>
        <source>Show exactly what the network receives: the normalised input turned back into colours</source>
        <translation>Genau zeigen, was das Netz erhält: die normierte Eingabe, zurück in Farben gewandelt</translation>
    </message>
    <message>
        <source> draws</source>
        <translation> Ziehungen</translation>
    </message>
    <message>
        <source> draw</source>
        <translation> Ziehung</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::ClassificationResultsModel</name>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Top 5</source>
        <translation>Top 5</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::ClassificationView</name>
    <message>
        <source>Images to classify</source>
        <translation>Zu klassifizierende Bilder</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;All files (*)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Folder to classify</source>
        <translation>Zu klassifizierender Ordner</translation>
    </message>
    <message>
        <source>%1 of %2 images</source>
        <translation>%1 von %2 Bildern</translation>
    </message>
    <message>
        <source>Export results</source>
        <translation>Ergebnisse exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>No model chosen: train one, or choose a model file.</source>
        <translation>Kein Modell gewählt: trainieren Sie eines oder wählen Sie eine Modelldatei.</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>Choose model…</source>
        <translation>Modell wählen…</translation>
    </message>
    <message>
        <source>Add images…</source>
        <translation>Bilder hinzufügen…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Test-time crops (ten)</source>
        <translation>Testzeit-Ausschnitte (zehn)</translation>
    </message>
    <message>
        <source>Average the predictions of ten crops: the centre, the four corners and their mirror images</source>
        <translation>Mittelt die Vorhersagen von zehn Ausschnitten: Mitte, vier Ecken und ihre Spiegelbilder</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Drop images or folders anywhere on the window, or paste them.</source>
        <translation>Bilder oder Ordner irgendwo auf das Fenster ziehen oder einfügen.</translation>
    </message>
    <message>
        <source>Files that could not be classified: %1</source>
        <translation>Nicht klassifizierbare Dateien: %1</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::ConfusionMatrixModel</name>
    <message>
        <source>%1 pictures of %2 predicted as %3 (%4 % of %2)</source>
        <translation>%1 Bilder von %2 als %3 vorhergesagt (%4 % von %2)</translation>
    </message>
    <message>
        <source>true class: %1</source>
        <translation>wahre Klasse: %1</translation>
    </message>
    <message>
        <source>predicted: %1</source>
        <translation>vorhergesagt: %1</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::DatasetView</name>
    <message>
        <source>Open folder…</source>
        <translation>Ordner öffnen…</translation>
    </message>
    <message>
        <source>Open list file…</source>
        <translation>Listendatei öffnen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>validation </source>
        <translation>Validierung </translation>
    </message>
    <message>
        <source>Fraction of each class held out for validation when the dataset has no val part</source>
        <translation>Anteil jeder Klasse, der zur Validierung zurückgehalten wird, wenn der Datensatz keinen Validierungsteil hat</translation>
    </message>
    <message>
        <source>No dataset opened: open a folder, a CSV/TSV list or IDX files, or drop a folder here.</source>
        <translation>Kein Datensatz geöffnet: öffnen Sie einen Ordner, eine CSV/TSV-Liste oder IDX-Dateien, oder ziehen Sie einen Ordner hierher.</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Left out: %1</source>
        <translation>Ausgelassen: %1</translation>
    </message>
    <message>
        <source>every class</source>
        <translation>jede Klasse</translation>
    </message>
    <message>
        <source>%1: %2 classes, %3 training and %4 validation pictures, %5</source>
        <translation>%1: %2 Klassen, %3 Trainings- und %4 Validierungsbilder, %5</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::InspectionView</name>
    <message>
        <source>%1 taken for %2: %3</source>
        <translation>%1 für %2 gehalten: %3</translation>
    </message>
    <message>
        <source>%1 of %2 pictures</source>
        <translation>%1 von %2 Bildern</translation>
    </message>
    <message>
        <source>No model chosen.</source>
        <translation>Kein Modell gewählt.</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>No dataset chosen.</source>
        <translation>Kein Datensatz gewählt.</translation>
    </message>
    <message>
        <source>Dataset: %1</source>
        <translation>Datensatz: %1</translation>
    </message>
    <message>
        <source>Choose model…</source>
        <translation>Modell wählen…</translation>
    </message>
    <message>
        <source>Choose dataset…</source>
        <translation>Datensatz wählen…</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Normalised by row</source>
        <translation>Zeilenweise normiert</translation>
    </message>
    <message>
        <source>Misclassified only</source>
        <translation>Nur Fehlklassifizierte</translation>
    </message>
    <message>
        <source>confidence ≥ </source>
        <translation>Konfidenz ≥ </translation>
    </message>
    <message>
        <source>≤ </source>
        <translation>≤ </translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>any true class</source>
        <translation>jede wahre Klasse</translation>
    </message>
    <message>
        <source>any prediction</source>
        <translation>jede Vorhersage</translation>
    </message>
    <message>
        <source>Dataset order</source>
        <translation>Reihenfolge im Datensatz</translation>
    </message>
    <message>
        <source>Top losses first</source>
        <translation>Größte Verluste zuerst</translation>
    </message>
    <message>
        <source>Least confident first</source>
        <translation>Unsicherste zuerst</translation>
    </message>
    <message>
        <source>Most confident first</source>
        <translation>Sicherste zuerst</translation>
    </message>
    <message>
        <source>Top-1 %1 %, top-%2 %3 %, %4 pictures</source>
        <translation>Top-1 %1 %, Top-%2 %3 %, %4 Bilder</translation>
    </message>
    <message>
        <source>Choose a model and a labelled dataset, then Evaluate.</source>
        <translation>Wählen Sie ein Modell und einen beschrifteten Datensatz, dann Auswerten.</translation>
    </message>
    <message>
        <source>Grad-CAM: predicted class</source>
        <translation>Grad-CAM: vorhergesagte Klasse</translation>
    </message>
    <message>
        <source>The class whose evidence the heat map shows</source>
        <translation>Die Klasse, deren Belege die Wärmekarte zeigt</translation>
    </message>
    <message>
        <source>Select a picture to see where the network looked.</source>
        <translation>Wählen Sie ein Bild, um zu sehen, wohin das Netz geschaut hat.</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::ModelView</name>
    <message>
        <source>Head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Freeze up to</source>
        <translation>Einfrieren bis</translation>
    </message>
    <message>
        <source>%1: %2 tensors loaded, %3 skipped, %4 started fresh</source>
        <translation>%1: %2 Tensoren geladen, %3 übersprungen, %4 neu initialisiert</translation>
    </message>
    <message>
        <source>fresh: %1</source>
        <translation>neu: %1</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>übersprungen: %1</translation>
    </message>
    <message>
        <source>Filter by name or family</source>
        <translation>Nach Name oder Familie filtern</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Familie</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Preprocessing</source>
        <translation>Vorverarbeitung</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Keras top-1 / 5</source>
        <translation>Keras Top-1 / 5</translation>
    </message>
    <message>
        <source>its own</source>
        <translation>der eigene</translation>
    </message>
    <message>
        <source>fully connected (VGG style)</source>
        <translation>vollständig verbunden (VGG-Stil)</translation>
    </message>
    <message>
        <source>global average pooling</source>
        <translation>globales Mittelwert-Pooling</translation>
    </message>
    <message>
        <source>global max pooling</source>
        <translation>globales Maximum-Pooling</translation>
    </message>
    <message>
        <source>Compact stem for 28–64 px pictures</source>
        <translation>Kompakter Stamm für Bilder mit 28–64 px</translation>
    </message>
    <message>
        <source>nothing frozen</source>
        <translation>nichts eingefroren</translation>
    </message>
    <message>
        <source>Import pretrained weights…</source>
        <translation>Vortrainierte Gewichte importieren…</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Trainable</source>
        <translation>Trainierbar</translation>
    </message>
    <message>
        <source>%1 parameters, %2 trainable; training state (weights, gradients, momentum) %3 MiB, activations not included</source>
        <translation>%1 Parameter, %2 trainierbar; Trainingszustand (Gewichte, Gradienten, Momentum) %3 MiB, Aktivierungen nicht enthalten</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>Ausgabeform</translation>
    </message>
    <message>
        <source>%1 parameters, %2 trainable; training memory about %3 MiB at batch %4 and %5 px: weights, gradients and momentum %6 MiB, activations %7 MiB per image</source>
        <translation>%1 Parameter, %2 trainierbar; Trainingsspeicher etwa %3 MiB bei Batch %4 und %5 px: Gewichte, Gradienten und Momentum %6 MiB, Aktivierungen %7 MiB pro Bild</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>Eingabegröße</translation>
    </message>
    <message>
        <source>dataset size</source>
        <translation>Größe des Datensatzes</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Start from fresh weights</source>
        <translation>Mit frischen Gewichten beginnen</translation>
    </message>
    <message>
        <source>Training starts from freshly initialised weights.</source>
        <translation>Das Training beginnt mit frisch initialisierten Gewichten.</translation>
    </message>
    <message>
        <source>Training starts from %1.</source>
        <translation>Das Training beginnt mit %1.</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::PredictionGalleryModel</name>
    <message>
        <source>%1 %2 %
(is %3)</source>
        <translation>%1 %2 %
(ist %3)</translation>
    </message>
    <message>
        <source>%1
true: %2, predicted: %3 (%4 %), loss %5</source>
        <translation>%1
wahr: %2, vorhergesagt: %3 (%4 %), Verlust %5</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::RunHistoryView</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Runs (tick to compare, double-click to follow)</source>
        <translation>Trainingsläufe (abhaken zum Vergleichen, Doppelklick zum Verfolgen)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Best accuracy</source>
        <translation>Beste Genauigkeit</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Verfolgen</translation>
    </message>
    <message>
        <source>Show this run&apos;s curves and keep them up to date while it runs</source>
        <translation>Die Kurven dieses Laufs zeigen und aktuell halten, solange er läuft</translation>
    </message>
    <message>
        <source>Open run folder…</source>
        <translation>Ergebnisordner öffnen…</translation>
    </message>
    <message>
        <source>Follow any run directory, for example one fovea-cli is writing</source>
        <translation>Einen beliebigen Ergebnisordner verfolgen, etwa einen, den fovea-cli gerade schreibt</translation>
    </message>
    <message>
        <source>Continue this run from its newest checkpoint: a run that was stopped, or ended before its last epoch</source>
        <translation>Diesen Lauf ab seinem neuesten Prüfpunkt fortsetzen: einen angehaltenen oder vor seiner letzten Epoche beendeten Lauf</translation>
    </message>
    <message>
        <source>Resume run</source>
        <translation>Lauf fortsetzen</translation>
    </message>
</context>
<context>
    <name>fovea::widgets::TestTimeCropsView</name>
    <message numerus="yes">
        <source>Averaged over %n crop(s):</source>
        <translation>
            <numerusform>Gemittelt über %n Ausschnitt:</numerusform>
            <numerusform>Gemittelt über %n Ausschnitte:</numerusform>
        </translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>Bild öffnen…</translation>
    </message>
    <message>
        <source>Which test-time crops to take</source>
        <translation>Welche Testzeit-Ausschnitte genommen werden</translation>
    </message>
    <message>
        <source>Open an image, or double-click one on the Classify page, to see every crop the network is shown and what it predicts for each.</source>
        <translation>Öffnen Sie ein Bild oder doppelklicken Sie eines auf der Seite Klassifizieren, um jeden Ausschnitt zu sehen, den das Netz erhält, und was es für jeden vorhersagt.</translation>
    </message>
</context>
</TS>
