#pragma once

// QCustomPlot's header uses Qt's keyword macros (signals, slots, emit, foreach), which every
// Fovea target turns off with QT_NO_KEYWORDS. Lend them to that one header only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
