// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "line_processor.h"

#include "geoip.h"
#include "log_format.h"

namespace pulsemap {

LineProcessor::~LineProcessor() = default;

Result<std::unique_ptr<LineProcessor>> LineProcessor::create(const ImportOptions &options, ImportReport &report,
                                                             Clock clock)
{
    std::unique_ptr<LineProcessor> processor(new LineProcessor);
    auto parser = makeLogParser(options.format, options.jsonFields);
    if (!parser) {
        return parser.error();
    }
    processor->m_parser = std::move(*parser);
    for (const std::string &rule : options.typeRules) {
        if (Status added = processor->m_rules.addRule(rule); !added) {
            return added.error();
        }
    }
    processor->m_rules.setDefaultType(options.defaultType);
    processor->m_rules.setCampaignParameter(options.campaignParameter);
    if (!options.geoipPath.empty()) {
        auto geoip = GeoIp::open(options.geoipPath);
        if (!geoip) {
            return geoip.error();
        }
        processor->m_geoip = std::move(*geoip);
        if (!processor->m_geoip->warning().empty()) {
            report.addNotice(processor->m_geoip->warning());
        }
        report.geoip = processor->m_geoip->description();
    }
    if (options.useForwardedFor && !processor->m_parser->hasForwardedFor()) {
        report.addNotice("--xff: the log format has no X-Forwarded-For field; using the client address");
    }
    // Without a campaign file's key (a followed log in the app, the relay's --follow and --syslog), one random key
    // for the whole process: every live input counts the same person as one visitor for the run, and nothing
    // that could join ids across runs is kept.
    static const VisitorHasher::Key runKey = VisitorHasher::randomKey();
    processor->m_builder = std::make_unique<EventBuilder>(
        *processor->m_parser, processor->m_rules, processor->m_geoip.get(),
        EventBuilder::Options{options.useForwardedFor, options.keepIp, options.visitorKey.value_or(runKey)},
        std::move(clock));
    return processor;
}

} // namespace pulsemap
