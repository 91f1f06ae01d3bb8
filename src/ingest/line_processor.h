// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "event_builder.h"
#include "event_rules.h"
#include "import_pipeline.h"

#include <memory>
#include <string>
#include <vector>

namespace pulsemap {

class GeoIp;
class LogParser;

// The parsing, rules and enrichment stage of an ingest: the log format's parser, the type rules and the
// GeoIP database, set up once from the import options, then one line at a time into a batch.
// Internal to the ingest worker. Not thread-safe (one instance per worker).
class LineProcessor
{
public:
    // Opens the format, rules and database; a one-line error when one cannot be used. Warnings (a
    // country-only database, --xff without such a field) are added to report.notices and the database's
    // description to report.geoip.
    static Result<std::unique_ptr<LineProcessor>> create(const ImportOptions &options, ImportReport &report,
                                                         Clock clock = systemClock());
    ~LineProcessor();
    LineProcessor(const LineProcessor &) = delete;
    LineProcessor &operator=(const LineProcessor &) = delete;

    // See EventBuilder::add.
    EventBuilder::Outcome process(std::string_view line, EventBatch &batch, ParseError &error)
    {
        return m_builder->add(line, batch, error);
    }
    [[nodiscard]] bool lastLocated() const { return m_builder->lastLocated(); }

private:
    LineProcessor() = default;

    std::unique_ptr<LogParser> m_parser;
    EventRules m_rules;
    std::unique_ptr<GeoIp> m_geoip;
    std::unique_ptr<EventBuilder> m_builder;
};

} // namespace pulsemap
