// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "simulated_source.h"

namespace pulsemap {

namespace {
struct City
{
    const char *name;
    const char *country;
    double lat;
    double lon;
    double weight; // rough share of traffic
};

// Big metropolitan areas, weighted roughly by online population.
constexpr City kCities[] = {
    {"New York", "US", 40.71, -74.01, 9},
    {"Los Angeles", "US", 34.05, -118.24, 6},
    {"Chicago", "US", 41.88, -87.63, 4},
    {"Houston", "US", 29.76, -95.37, 3},
    {"San Francisco", "US", 37.77, -122.42, 4},
    {"Seattle", "US", 47.61, -122.33, 2},
    {"Toronto", "CA", 43.65, -79.38, 3},
    {"Mexico City", "MX", 19.43, -99.13, 4},
    {"São Paulo", "BR", -23.55, -46.63, 5},
    {"Rio de Janeiro", "BR", -22.91, -43.17, 2},
    {"Buenos Aires", "AR", -34.60, -58.38, 3},
    {"Bogotá", "CO", 4.71, -74.07, 2},
    {"Santiago", "CL", -33.45, -70.67, 1.5},
    {"Lima", "PE", -12.05, -77.04, 1.5},
    {"London", "GB", 51.51, -0.13, 7},
    {"Paris", "FR", 48.86, 2.35, 6},
    {"Berlin", "DE", 52.52, 13.40, 4},
    {"Madrid", "ES", 40.42, -3.70, 3},
    {"Rome", "IT", 41.90, 12.50, 3},
    {"Amsterdam", "NL", 52.37, 4.90, 2.5},
    {"Stockholm", "SE", 59.33, 18.07, 1.5},
    {"Warsaw", "PL", 52.23, 21.01, 2},
    {"Moscow", "RU", 55.76, 37.62, 4},
    {"Istanbul", "TR", 41.01, 28.98, 3},
    {"Cairo", "EG", 30.04, 31.24, 2.5},
    {"Lagos", "NG", 6.52, 3.38, 2.5},
    {"Nairobi", "KE", -1.29, 36.82, 1.5},
    {"Johannesburg", "ZA", -26.20, 28.05, 2},
    {"Dubai", "AE", 25.20, 55.27, 2},
    {"Mumbai", "IN", 19.08, 72.88, 5},
    {"Delhi", "IN", 28.70, 77.10, 5},
    {"Bangalore", "IN", 12.97, 77.59, 4},
    {"Singapore", "SG", 1.35, 103.82, 3},
    {"Jakarta", "ID", -6.21, 106.85, 4},
    {"Bangkok", "TH", 13.76, 100.50, 3},
    {"Manila", "PH", 14.60, 120.98, 3},
    {"Shanghai", "CN", 31.23, 121.47, 5},
    {"Beijing", "CN", 39.90, 116.41, 4},
    {"Shenzhen", "CN", 22.54, 114.06, 3},
    {"Hong Kong", "HK", 22.32, 114.17, 2.5},
    {"Seoul", "KR", 37.57, 126.98, 4},
    {"Tokyo", "JP", 35.68, 139.69, 7},
    {"Osaka", "JP", 34.69, 135.50, 3},
    {"Sydney", "AU", -33.87, 151.21, 3},
    {"Melbourne", "AU", -37.81, 144.96, 2.5},
    {"Auckland", "NZ", -36.85, 174.76, 1},
    {"Honolulu", "US", 21.31, -157.86, 0.5},
    {"Anchorage", "US", 61.22, -149.90, 0.3},
};
} // namespace

SimulatedSource::SimulatedSource(double eventsPerSecond, uint32_t seed, QObject *parent)
    : EventSource(tr("simulated traffic"), parent), m_rate(eventsPerSecond), m_rng(seed)
{
    std::vector<double> weights;
    for (const City &city : kCities) {
        weights.push_back(city.weight);
    }
    m_cityPick = std::discrete_distribution<size_t>(weights.begin(), weights.end());
    m_timer.setInterval(16);
    connect(&m_timer, &QTimer::timeout, this, &SimulatedSource::tick);
}

void SimulatedSource::start()
{
    m_clock.start();
    m_lastMs = 0;
    m_timer.start();
    setState(State::Live, tr("simulated traffic, %L1 events/s").arg(m_rate, 0, 'f', 0));
}

void SimulatedSource::stop()
{
    m_timer.stop();
    setState(State::Idle, {});
}

void SimulatedSource::generate(EventBatch &batch, int n, int64_t tsMs)
{
    for (int i = 0; i < n; ++i) {
        const City &city = kCities[m_cityPick(m_rng)];
        Event &event = batch.append();
        event.tsMs = tsMs;
        // Metro areas spread over roughly 50 km; a few events land farther out (suburbs, other towns).
        const double spread = (m_rng() % 8 == 0) ? 1.5 : 0.35;
        event.lat = city.lat + m_jitter(m_rng) * spread;
        event.lon = city.lon + m_jitter(m_rng) * spread;
        event.country = {city.country[0], city.country[1]};
        event.city = batch.store(city.name);
        event.type = batch.store(m_rng() % 4 == 0 ? "click" : "open");
    }
}

void SimulatedSource::tick()
{
    const qint64 elapsed = m_clock.elapsed();
    m_owed += m_rate * static_cast<double>(elapsed - m_lastMs) / 1000.0;
    m_lastMs = elapsed;
    const int n = static_cast<int>(m_owed);
    if (n <= 0) {
        return;
    }
    m_owed -= n;
    m_batch.clear();
    generate(m_batch, n, m_now());
    emit batchReady(m_batch);
}

} // namespace pulsemap
