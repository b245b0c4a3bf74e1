#include "CliProgressPrinter.h"

#include <fmt/format.h>

#include <unistd.h>

namespace fovea {

CliProgressPrinter::CliProgressPrinter(std::FILE* out)
    : m_out(out)
    , m_isTerminal(::isatty(::fileno(out)) != 0)
{
}

void CliProgressPrinter::endBarLine()
{
    if (m_barShown) {
        fmt::print(m_out, "\n");
        m_barShown = false;
    }
}

void CliProgressPrinter::onRunStarted(const RunStarted& started)
{
    m_epochs = started.epochs;
    fmt::print(m_out,
               "training {} ({} parameters) on {} images, validating on {}, input {} px, {} "
               "epoch(s) of {} batches\nrun directory: {}\n",
               started.architecture, started.parameterCount, started.trainImages,
               started.validationImages, started.inputSize, started.epochs, started.batchesPerEpoch,
               started.runDirectory.empty() ? "(none)" : started.runDirectory);
    std::fflush(m_out);
}

void CliProgressPrinter::onBatch(const BatchProgress& p)
{
    const double fraction = double(p.batch) / double(p.batchesPerEpoch);
    if (m_isTerminal) {
        constexpr int kWidth = 30;
        const int filled = static_cast<int>(fraction * kWidth);
        fmt::print(m_out, "\repoch {}/{} [{}{}] {:3.0f}%  loss {:.4f}  {:.0f} img/s  ", p.epoch,
                   m_epochs, std::string(filled, '#'), std::string(kWidth - filled, '.'),
                   fraction * 100.0, p.loss, p.imagesPerSecond);
        m_barShown = true;
    } else {
        // One line per 10 % of an epoch keeps logs readable.
        const int percent = static_cast<int>(fraction * 10.0) * 10;
        if (percent == m_lastPlainPercent)
            return;
        m_lastPlainPercent = percent;
        fmt::print(m_out, "epoch {}/{} batch {}/{} loss {:.4f} lr {:.5f} {:.0f} img/s\n", p.epoch,
                   m_epochs, p.batch, p.batchesPerEpoch, p.loss, p.learningRate, p.imagesPerSecond);
    }
    std::fflush(m_out);
}

void CliProgressPrinter::onValidation(const ValidationProgress& p)
{
    if (!m_isTerminal || p.total <= 0)
        return;
    fmt::print(m_out, "\repoch {}/{} validating {}/{} pictures ({:.0f}%)            ", p.epoch,
               m_epochs, p.done, p.total, 100.0 * double(p.done) / double(p.total));
    m_barShown = true;
    std::fflush(m_out);
}

void CliProgressPrinter::onEpoch(const EpochSummary& s)
{
    endBarLine();
    m_lastPlainPercent = -1;
    if (s.validated)
        fmt::print(m_out,
                   "epoch {}/{}: train loss {:.4f} acc {:.4f} | validation loss {:.4f} acc {:.4f} "
                   "| {:.1f} s\n",
                   s.epoch, m_epochs, s.trainLoss, s.trainAccuracy, s.validationLoss,
                   s.validationAccuracy, s.elapsedSeconds);
    else
        fmt::print(m_out, "epoch {}/{}: train loss {:.4f} acc {:.4f} | not validated | {:.1f} s\n",
                   s.epoch, m_epochs, s.trainLoss, s.trainAccuracy, s.elapsedSeconds);
    std::fflush(m_out);
}

void CliProgressPrinter::onMessage(const std::string& message)
{
    endBarLine();
    fmt::print(m_out, "{}\n", message);
    std::fflush(m_out);
}

} // namespace fovea
