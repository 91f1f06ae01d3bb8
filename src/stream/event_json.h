// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "core/event.h"

#include <string>
#include <string_view>

namespace pulsemap {

// Threading: pure functions, safe from any thread.

// Appends one event as a JSON object in the stream protocol's form (docs/protocol.md), e.g.
// {"seq":7,"ts":1431857103000,"type":"open","lat":48.1,"lon":11.6,"country":"DE","city":"Munich"}.
// Unlocated events have no lat/lon; empty strings and the default weight are left out. The ip is written only
// when the batch kept it (the user asked for addresses).
void appendEventJson(const EventBatch &batch, const Event &event, std::string &out);

// Appends text as a JSON string literal (quotes included), escaping what JSON requires.
void appendJsonString(std::string_view text, std::string &out);

} // namespace pulsemap
