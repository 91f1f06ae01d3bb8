// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event_source.h"
#include "ingest/import_pipeline.h"

#include <QTimer>

#include <memory>

namespace pulsemap {

class LogIngestor;

// Follows access logs like `pulsemap-cli import --follow` (rotation-safe, GeoIP on the worker thread)
// and delivers their events live. The existing content is read first, so the heat map starts with the
// log's recent history (older lines count less: they are already decayed by their age).
//
// Threading: GUI thread; reading, parsing and GeoIP run on the LogIngestor's worker thread, and a GUI
// timer takes its finished batches without waiting (LogIngestor's take() is its thread-safe hand-over).
class LogTailSource : public EventSource
{
    Q_OBJECT

public:
    explicit LogTailSource(ImportOptions options, QObject *parent = nullptr);
    ~LogTailSource() override;

    void start() override;
    void stop() override;

private:
    void poll();

    ImportOptions m_options;
    std::unique_ptr<LogIngestor> m_ingestor;
    QTimer m_timer;
};

} // namespace pulsemap
