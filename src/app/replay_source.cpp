#include "replay_source.h"

#include "core/campaign_store.h"

#include <sqlite3.h>

#include <QDateTime>

#include <chrono>

namespace pulsemap {

namespace {
constexpr int kTickMs = 16;
// A frame never takes more than this many events, so a dense second cannot stall the GUI; the rest
// follow on the next frames.
constexpr int kMaxEventsPerTick = 20000;

int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

ReplaySource::ReplaySource(QString path, Options options, QString displayName, QObject *parent)
    : EventSource(displayName.isEmpty() ? path : displayName, parent), m_path(std::move(path)), m_options(options)
{
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &ReplaySource::tick);
}

ReplaySource::~ReplaySource()
{
    m_cursor.reset(); // before the database closes
}

bool ReplaySource::open(QString &error)
{
    std::string message;
    m_store = CampaignStore::open(m_path.toStdString(), CampaignStore::Access::ReadOnly, message);
    if (!m_store) {
        error = QString::fromStdString(message);
        return false;
    }
    SqliteStatement range(m_store->db(), "SELECT min(ts), max(ts), count(*) FROM events");
    if (!range.valid() || range.step() != SQLITE_ROW) {
        error = m_path + ": " + QString::fromUtf8(sqlite3_errmsg(m_store->db()));
        return false;
    }
    m_firstMs = range.columnInt(0);
    m_lastMs = range.columnInt(1);
    m_count = range.columnInt(2);
    const double spanSeconds = static_cast<double>(m_lastMs - m_firstMs) / 1000.0;
    m_speed =
        m_options.speed > 0 ? m_options.speed : std::max(1.0, spanSeconds / std::max(1.0, m_options.targetSeconds));
    return true;
}

void ReplaySource::rewind()
{
    m_cursor = std::make_unique<SqliteStatement>(
        m_store->db(), "SELECT ts, type, lat, lon, country, city, campaign, weight, seq FROM events ORDER BY ts, id");
    m_rowPending = m_cursor->valid() && m_cursor->step() == SQLITE_ROW;
    m_played = 0;
    m_wall.start();
}

void ReplaySource::start()
{
    QString error;
    if (!open(error)) {
        setState(State::Failed, error);
        emit errorOccurred(error);
        return;
    }
    rewind();
    setState(State::Live, tr("replaying %1 at %2×").arg(name()).arg(m_speed, 0, 'f', 0));
    m_timer.start();
}

void ReplaySource::stop()
{
    m_timer.stop();
    m_cursor.reset();
    m_store.reset();
    setState(State::Idle, {});
}

void ReplaySource::tick()
{
    const auto campaignNow =
        static_cast<int64_t>(static_cast<double>(m_firstMs) + static_cast<double>(m_wall.elapsed()) * m_speed);
    const int64_t wallNow = nowMs();
    m_batch.clear();
    int taken = 0;
    while (m_rowPending && m_cursor->columnInt(0) <= campaignNow && taken < kMaxEventsPerTick) {
        const SqliteStatement &row = *m_cursor;
        Event &event = m_batch.append();
        // Into the present: an event 2 s of campaign time ago (at this speed) shows as 2/speed s old.
        event.tsMs = wallNow - static_cast<int64_t>(static_cast<double>(campaignNow - row.columnInt(0)) / m_speed);
        event.type = m_batch.store(row.columnText(1));
        if (!row.columnIsNull(2) && !row.columnIsNull(3)) {
            event.lat = row.columnDouble(2);
            event.lon = row.columnDouble(3);
        }
        if (const std::string_view country = row.columnText(4); country.size() == 2) {
            event.country = {country[0], country[1]};
        }
        event.city = m_batch.store(row.columnText(5));
        event.campaign = m_batch.store(row.columnText(6));
        event.weight = static_cast<float>(row.columnDouble(7));
        event.seq = row.columnIsNull(8) ? -1 : row.columnInt(8);
        ++taken;
        m_rowPending = m_cursor->step() == SQLITE_ROW;
    }
    m_played += taken;
    if (!m_batch.empty()) {
        emit batchReady(m_batch);
    }
    if (!m_rowPending) {
        if (m_options.loop && m_count > 0) {
            rewind();
        } else {
            m_timer.stop();
            setState(State::Finished, tr("replayed %1: %L2 events").arg(name()).arg(m_played));
        }
    }
}

} // namespace pulsemap
