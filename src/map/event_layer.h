#pragma once

#include "live_event.h"
#include "map_camera.h"

#include <QColor>
#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <functional>
#include <span>

namespace pulsemap {

// What the pulse and heat layers share: the camera they draw through, the clock they animate by, the
// per-type colors and visibility, and the entry point the live model feeds. Not creatable from QML.
class EventLayer : public QQuickItem
{
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(pulsemap::MapCamera *camera READ camera WRITE setCamera NOTIFY cameraChanged FINAL)
    Q_PROPERTY(QList<QColor> typeColors READ typeColors WRITE setTypeColors NOTIFY typeColorsChanged FINAL)
    Q_PROPERTY(int visibleTypeMask READ visibleTypeMask WRITE setVisibleTypeMask NOTIFY visibleTypeMaskChanged FINAL)
    Q_PROPERTY(qint64 clockMs READ clockMs WRITE setClockMs RESET resetClock NOTIFY clockChanged FINAL)

public:
    static constexpr int kMaxTypes = 16;

    explicit EventLayer(QQuickItem *parent = nullptr);

    [[nodiscard]] MapCamera *camera() const { return m_camera; }
    void setCamera(MapCamera *camera);

    [[nodiscard]] QList<QColor> typeColors() const { return m_typeColors; }
    void setTypeColors(const QList<QColor> &colors);
    // The color of a type; types beyond the table reuse it cyclically.
    [[nodiscard]] QColor typeColor(int typeIndex) const;

    [[nodiscard]] int visibleTypeMask() const { return int(m_visibleMask); }
    void setVisibleTypeMask(int mask);
    Q_INVOKABLE void setTypeVisible(int typeIndex, bool visible);
    [[nodiscard]] Q_INVOKABLE bool isTypeVisible(int typeIndex) const;

    // The layer's notion of "now" in Unix ms. By default a monotonic clock anchored to the wall clock at
    // construction, so an NTP step never makes pulses jump; tests pin it (writing clockMs, which redraws)
    // or inject a function (then call update() after moving it). Resetting goes back to the default.
    [[nodiscard]] qint64 clockMs() const;
    void setClockMs(qint64 ms);
    void resetClock();
    void setClock(std::function<int64_t()> clock);

    // New events since the last call: called by the live model on the GUI thread, at most once per frame.
    // Costs O(events) and allocates nothing in steady state.
    virtual void appendEvents(std::span<const LiveEvent> events) = 0;
    // Forgets every event (a new campaign, a replay seek).
    Q_INVOKABLE virtual void clear() = 0;

signals:
    void cameraChanged();
    void typeColorsChanged();
    void visibleTypeMaskChanged();
    void clockChanged();

protected:
    // Where an event starts on the layer's clock: its own timestamp when it is recent (so one frame's
    // batch keeps its natural stagger), "now" when it is late or replayed from the past (so it still
    // shows) or claims to come from the future.
    [[nodiscard]] int64_t startTimeMs(int64_t eventMs, int64_t nowMs) const
    {
        return (eventMs > nowMs || nowMs - eventMs > kMaxLagMs) ? nowMs : eventMs;
    }
    // Called on the GUI thread when the camera moved, the clock was set or colors/visibility changed.
    virtual void viewChanged() { update(); }

private:
    static constexpr int64_t kMaxLagMs = 1000;

    QPointer<MapCamera> m_camera;
    QMetaObject::Connection m_cameraConnection;
    QList<QColor> m_typeColors;
    uint32_t m_visibleMask = 0xffffffffU;
    std::function<int64_t()> m_clock;
    qint64 m_pinnedMs = -1;
    int64_t m_epochAtStart = 0;
    QElapsedTimer m_monotonic;
};

} // namespace pulsemap
