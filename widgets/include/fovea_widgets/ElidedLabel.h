#pragma once

#include <QLabel>
#include <QString>

namespace fovea::widgets {

/// A one-line label for text that may be long (a path): it shows as much as its width allows,
/// eliding in the middle so that both the start and the file name stay, and the whole text is
/// its tooltip. It asks for little width, so a long path never widens the window.
class ElidedLabel : public QLabel {
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    QString fullText() const { return m_fullText; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void elide();

    QString m_fullText;
};

} // namespace fovea::widgets
