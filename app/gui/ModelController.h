#pragma once

#include "fovea_widgets/ModelView.h"

#include <QObject>

#include <optional>

class QThread;

namespace fovea::app {

/// Builds the network the Model page describes on a worker (large ones take seconds): its
/// parameter counts, stage summary and training-state memory, and the report of a pretrained
/// weights import. The newest request wins: while one is built, only the latest waits.
class ModelController : public QObject {
    Q_OBJECT

public:
    explicit ModelController(QObject* parent = nullptr);
    ~ModelController() override;

    /// The registry, as the page's table shows it.
    static QList<fovea::widgets::ArchitectureRow> architectureRows();

    /// Describes `choice` for `numClasses` outputs (detailsReady() or failed() follows).
    /// `inputSize`: the pixels training feeds it (output shapes and activations are measured
    /// there by one forward pass).
    void describe(const fovea::widgets::ModelChoice& choice, int numClasses, int inputSize);
    /// Imports `weightsFile` into `choice` (importReady() or failed() follows).
    void importWeights(const fovea::widgets::ModelChoice& choice, int numClasses, int inputSize,
                       const QString& weightsFile);

Q_SIGNALS:
    void detailsReady(const fovea::widgets::ModelChoice& choice,
                      const fovea::widgets::ModelDetails& details);
    void importReady(const QString& weightsFile, const QStringList& loaded,
                     const QStringList& skipped, const QStringList& reinitialised);
    void failed(const QString& reason);

private:
    struct Request {
        fovea::widgets::ModelChoice choice;
        int numClasses = 10;
        QString weightsFile; ///< empty: describe only
        int inputSize = 0;   ///< > 0: measure a forward pass at this size
    };
    void submit(const Request& request);
    void start(const Request& request);

    QThread* m_thread = nullptr;
    std::optional<Request> m_pending;
};

} // namespace fovea::app
