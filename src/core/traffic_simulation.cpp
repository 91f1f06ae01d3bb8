// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "traffic_simulation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string_view>

namespace pulsemap {

namespace {

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;
// Mailings are scheduled for the recipient's morning: delivered between 08:00 and 10:00 local time.
constexpr int64_t kSendFromLocalMs = 8 * kHourMs;
constexpr int64_t kSendWindowMs = 2 * kHourMs;
// Night: few people read mail between midnight and 06:00; deferred opens happen 06:00-09:00.
constexpr int64_t kNightEndLocalMs = 6 * kHourMs;
constexpr int64_t kMorningSpreadMs = 3 * kHourMs;
// Jitter around a city's centre, in degrees of latitude (one degree is about 111 km).
constexpr double kMetroSpreadDegrees = 0.2;
constexpr double kRegionSpreadDegrees = 0.8;

int64_t floorDiv(int64_t value, int64_t divisor)
{
    const int64_t quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

int64_t toMs(double ms)
{
    return static_cast<int64_t>(std::llround(ms));
}

// The pages a mailing links to and a site's visitors land on, the landing page first.
constexpr std::array<std::string_view, 12> kPaths{"/",
                                                  "/pricing",
                                                  "/spring-sale",
                                                  "/blog/release-notes-4-2",
                                                  "/products/pulse-pro",
                                                  "/signup",
                                                  "/docs/getting-started",
                                                  "/blog/live-maps-for-marketing",
                                                  "/account/preferences",
                                                  "/unsubscribe",
                                                  "/events/webinar",
                                                  "/careers"};

// A Zipf-like pick of one of n names from a uniform u in [0, 1): the first name most often.
size_t zipfPick(double u, size_t n)
{
    return std::min(n - 1, static_cast<size_t>(std::floor(std::pow(u, 2.2) * static_cast<double>(n))));
}

// A 64-bit mix of a seed and a number (splitmix64's finalizer): a recipient's details without drawing from its
// random stream, so the places and times a seed made before stay the same.
uint64_t mix(uint64_t seed, uint64_t number)
{
    uint64_t z = seed ^ (number + 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

} // namespace

CityPicker::CityPicker()
{
    double total = 0;
    for (const WorldCity &city : worldCities()) {
        total += city.audience();
        m_cumulative.push_back(total);
    }
}

size_t CityPicker::pick(SimRandom &random) const
{
    const double target = random.uniform() * m_cumulative.back();
    const auto found = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), target);
    return std::min(static_cast<size_t>(found - m_cumulative.begin()), m_cumulative.size() - 1);
}

void placeNear(SimRandom &random, const WorldCity &city, StrRef cityName, Event &event)
{
    const double spread = random.chance(1.0 / 8) ? kRegionSpreadDegrees : kMetroSpreadDegrees;
    // A degree of longitude shrinks with the cosine of the latitude: keep the spread round on the ground.
    const double lonScale = 1.0 / std::max(0.2, std::cos(city.lat * std::numbers::pi / 180.0));
    event.lat = std::clamp(city.lat + random.normal() * spread, -89.9, 89.9);
    double lon = city.lon + random.normal() * spread * lonScale;
    if (lon >= 180.0) {
        lon -= 360.0;
    } else if (lon < -180.0) {
        lon += 360.0;
    }
    event.lon = lon;
    event.country = {city.country[0], city.country[1]};
    event.city = cityName;
}

void SteadyTraffic::generate(EventBatch &batch, int n, int64_t tsMs)
{
    const std::span<const WorldCity> cities = worldCities();
    for (int i = 0; i < n; ++i) {
        const WorldCity &city = cities[m_cities.pick(m_random)];
        Event &event = batch.append();
        event.tsMs = tsMs;
        placeNear(m_random, city, batch.store(city.name), event);
        event.type = batch.store(m_random.chance(0.25) ? "click" : "open");
        addDetails(batch, event);
    }
}

void SteadyTraffic::addDetails(EventBatch &batch, Event &event)
{
    // Weighted roughly like a real mailing's: one big send, a few smaller ones; a landing page ahead of the rest.
    static constexpr std::array<std::string_view, 6> kCampaigns{
        "spring-sale", "newsletter-2026-11", "welcome-series", "product-launch", "win-back", "webinar-invite"};
    const auto pick = [this](size_t n) { return zipfPick(m_details.uniform(), n); };
    event.campaign = batch.store(kCampaigns[pick(kCampaigns.size())]);
    event.path = batch.store(kPaths[pick(kPaths.size())]);
    // Four in five from 40,000 returning visitors, the rest new; ids as the visitor hash makes them (non-zero,
    // 63-bit).
    const uint64_t id = m_details.chance(0.8) ? m_details.next() % 40'000 : 40'000 + m_newVisitors++;
    event.visitor = ((id + 1) * 0x9E3779B97F4A7C15ULL & kVisitorMask) | 1U;
}

EmailCampaignSimulator::EmailCampaignSimulator(EmailCampaignSpec spec)
    : m_spec(std::move(spec)), m_windowMs(std::max<int64_t>(1, toMs(m_spec.hours * kHourMs))),
      m_cityNames(worldCities().size())
{
    m_spec.events = std::clamp<int64_t>(m_spec.events, 0, kMaxEvents);
}

int64_t EmailCampaignSimulator::lastPossibleMs() const
{
    // The last morning window starts within a day of the start; opens follow within the window, clicks after.
    return m_spec.startMs + kDayMs + kSendFromLocalMs + kSendWindowMs + m_windowMs + kMaxClickDelayMs;
}

int64_t EmailCampaignSimulator::deliveryMs(const WorldCity &city, SimRandom &random) const
{
    const int64_t offsetMs = toMs(city.utcOffsetHours * kHourMs);
    const int64_t startLocal = m_spec.startMs + offsetMs;
    int64_t sendLocal = floorDiv(startLocal, kDayMs) * kDayMs + kSendFromLocalMs +
                        toMs(random.uniform() * static_cast<double>(kSendWindowMs));
    if (sendLocal < startLocal) {
        sendLocal += kDayMs; // this morning has passed there: tomorrow morning
    }
    return sendLocal - offsetMs;
}

int64_t EmailCampaignSimulator::openDelayMs(SimRandom &random) const
{
    // Most opens come within the first hours, then a long tail: a mixture of a fast and a slow exponential
    // and a flat share over the whole window (people catching up on mail).
    const auto window = static_cast<double>(m_windowMs);
    const double fastMean = std::min(0.75 * kHourMs, window / 8);
    const double slowMean = std::min(5.0 * kHourMs, window / 3);
    const double kind = random.uniform();
    double delay = kind < 0.55  ? random.exponential(fastMean)
                   : kind < 0.9 ? random.exponential(slowMean)
                                : random.uniform() * window;
    if (delay >= window) {
        delay = random.uniform() * window;
    }
    return std::min(m_windowMs - 1, toMs(delay));
}

int64_t EmailCampaignSimulator::deferNightOpen(const WorldCity &city, int64_t deliveryMs, int64_t openMs,
                                               SimRandom &random) const
{
    const int64_t offsetMs = toMs(city.utcOffsetHours * kHourMs);
    const int64_t local = openMs + offsetMs;
    const int64_t dayStart = floorDiv(local, kDayMs) * kDayMs;
    if (local - dayStart >= kNightEndLocalMs || !random.chance(m_spec.nightDefer)) {
        return openMs;
    }
    const int64_t morning =
        dayStart + kNightEndLocalMs + toMs(random.uniform() * static_cast<double>(kMorningSpreadMs)) - offsetMs;
    return morning - deliveryMs < m_windowMs ? morning : openMs;
}

EmailCampaignSimulator::Recipient EmailCampaignSimulator::recipient(uint32_t number) const
{
    Recipient made;
    made.random = SimRandom(m_spec.seed ^ (uint64_t{number} * 0xD1B54A32D192ED03ULL));
    SimRandom &random = made.random;
    made.city = m_cities.pick(random);
    const WorldCity &city = worldCities()[made.city];
    const int64_t delivered = deliveryMs(city, random);
    made.openMs = deferNightOpen(city, delivered, delivered + openDelayMs(random), random);
    if (random.chance(m_spec.clickRate)) {
        // A reader clicks a few seconds to a few minutes after opening.
        made.clickMs = made.openMs + std::min(kMaxClickDelayMs, 3000 + toMs(random.exponential(45'000)));
    }
    made.located = !random.chance(m_spec.unlocated);
    return made;
}

size_t EmailCampaignSimulator::minuteOf(int64_t tsMs) const
{
    return static_cast<size_t>((tsMs - m_spec.startMs) / 60'000);
}

void EmailCampaignSimulator::plan()
{
    m_planned = true;
    m_minutes.resize(minuteOf(lastPossibleMs()) + 1);
    int64_t filed = 0;
    for (uint32_t number = 0; filed < m_spec.events; ++number) {
        const Recipient made = recipient(number);
        m_minutes[minuteOf(made.openMs)].push_back(number);
        ++filed;
        if (made.clickMs >= 0 && filed < m_spec.events) {
            m_minutes[minuteOf(made.clickMs)].push_back(number | 0x8000'0000U);
            ++filed;
        }
    }
}

bool EmailCampaignSimulator::loadNextMinute()
{
    const std::span<const WorldCity> cities = worldCities();
    while (m_nextMinute < m_minutes.size()) {
        std::vector<uint32_t> numbers;
        numbers.swap(m_minutes[m_nextMinute++]); // freed when done: memory shrinks as the campaign is written
        if (numbers.empty()) {
            continue;
        }
        m_pending.clear();
        m_pendingAt = 0;
        for (const uint32_t entry : numbers) {
            Recipient made = recipient(entry & 0x7FFF'FFFFU);
            Pending event{(entry & 0x8000'0000U) != 0 ? made.clickMs : made.openMs,
                          Event::kNoCoordinate,
                          Event::kNoCoordinate,
                          static_cast<uint32_t>(made.city),
                          entry & 0x7FFF'FFFFU,
                          (entry & 0x8000'0000U) != 0,
                          made.located};
            if (made.located) {
                // Open and click draw the same placement: the same reader on the same device, the same place.
                Event placed;
                placeNear(made.random, cities[made.city], {}, placed);
                event.lat = placed.lat;
                event.lon = placed.lon;
            }
            m_pending.push_back(event);
        }
        std::sort(m_pending.begin(), m_pending.end(),
                  [](const Pending &a, const Pending &b) { return a.tsMs < b.tsMs; });
        return true;
    }
    return false;
}

size_t EmailCampaignSimulator::next(EventBatch &batch, size_t maxEvents)
{
    if (!m_planned) {
        plan();
    }
    const std::span<const WorldCity> cities = worldCities();
    std::fill(m_cityNames.begin(), m_cityNames.end(), StrRef{});
    const StrRef open = batch.store("open");
    const StrRef click = batch.store("click");
    const StrRef campaign = batch.store(m_spec.campaign);
    std::array<StrRef, kPaths.size()> links{};
    for (size_t i = 0; i < kPaths.size(); ++i) {
        links[i] = batch.store(kPaths[i]);
    }
    size_t added = 0;
    while (added < maxEvents && (m_pendingAt < m_pending.size() || loadNextMinute())) {
        const Pending &pending = m_pending[m_pendingAt++];
        Event &event = batch.append();
        event.tsMs = pending.tsMs;
        event.type = pending.click ? click : open;
        event.campaign = campaign;
        // The recipient is the visitor (an open and its click are one person); a click carries the link clicked,
        // an open (a tracking pixel) no page.
        const uint64_t details = mix(m_spec.seed, pending.recipient);
        event.visitor = (details & kVisitorMask) | 1U;
        if (pending.click) {
            event.path = links[zipfPick(static_cast<double>(details >> 11U) * 0x1.0p-53, links.size())];
        }
        if (pending.located) {
            const WorldCity &city = cities[pending.city];
            if (m_cityNames[pending.city].empty()) {
                m_cityNames[pending.city] = batch.store(city.name);
            }
            event.lat = pending.lat;
            event.lon = pending.lon;
            event.country = {city.country[0], city.country[1]};
            event.city = m_cityNames[pending.city];
        }
        ++added;
        ++m_produced;
    }
    return added;
}

} // namespace pulsemap
