// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "basemap_layer.h"

#include "basemap_data.h"
#include "basemap_nodes.h"
#include "map_camera.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QPromise>
#include <QQuickWindow>
#include <QThreadPool>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pulsemap {

namespace {

Q_LOGGING_CATEGORY(lcBasemap, "pulsemap.map.basemap")

using DataPtr = std::shared_ptr<const BasemapData>;

// Decoded levels stay for the life of the process: each is decoded at most once however many layers ask,
// and zooming back and forth across a threshold does not decode again.
struct LevelCache
{
    QMutex mutex;
    std::vector<DataPtr> levels = std::vector<DataPtr>(size_t(BasemapData::levelCount()));
    std::vector<bool> failed = std::vector<bool>(size_t(BasemapData::levelCount()));
};

LevelCache &levelCache()
{
    static LevelCache cache;
    return cache;
}

DataPtr cachedLevel(int level)
{
    LevelCache &cache = levelCache();
    const QMutexLocker lock(&cache.mutex);
    return cache.levels[size_t(level)];
}

// A level that did not load (a broken build) is not tried again on every camera move.
bool levelFailed(int level)
{
    LevelCache &cache = levelCache();
    const QMutexLocker lock(&cache.mutex);
    return cache.failed[size_t(level)];
}

// Runs on a pool thread: decoding 1:10m takes tens of milliseconds, too long for the GUI thread mid-zoom.
DataPtr loadLevel(int level)
{
    if (DataPtr hit = cachedLevel(level)) {
        return hit;
    }
    auto data = std::make_shared<BasemapData>();
    const Status loaded = data->loadFile(BasemapData::levelPath(level));
    LevelCache &cache = levelCache();
    const QMutexLocker lock(&cache.mutex);
    if (!loaded) {
        qCWarning(lcBasemap) << "cannot load the basemap:" << QString::fromStdString(loaded.message());
        cache.failed[size_t(level)] = true;
        return {};
    }
    DataPtr &slot = cache.levels[size_t(level)];
    if (!slot) {
        slot = std::move(data);
    }
    return slot;
}

} // namespace

BasemapLayer::BasemapLayer(QQuickItem *parent)
    : MapLayer(parent), m_landColor(QColor(0x24, 0x31, 0x42)), m_coastColor(QColor(0x63, 0xb4, 0xcc)),
      m_borderColor(QColor(0x4a, 0x5d, 0x72))
{
    connect(&m_loader, &QFutureWatcherBase::finished, this, &BasemapLayer::onLoaded);
}

BasemapLayer::~BasemapLayer() = default;

template<typename T> void BasemapLayer::setStyleValue(T &member, const T &value)
{
    if (member != value) {
        member = value;
        m_styleChanged = true;
        emit styleChanged();
        update();
    }
}

void BasemapLayer::setLandColor(const QColor &color)
{
    setStyleValue(m_landColor, color);
}

void BasemapLayer::setCoastColor(const QColor &color)
{
    setStyleValue(m_coastColor, color);
}

void BasemapLayer::setBorderColor(const QColor &color)
{
    setStyleValue(m_borderColor, color);
}

void BasemapLayer::setLineWidth(qreal width)
{
    setStyleValue(m_lineWidth, std::max<qreal>(0, width));
}

void BasemapLayer::setBorderWidth(qreal width)
{
    setStyleValue(m_borderWidth, std::max<qreal>(0, width));
}

void BasemapLayer::setDetail(int detail)
{
    detail = std::clamp(detail, -1, BasemapData::levelCount() - 1);
    if (m_detail != detail) {
        m_detail = detail;
        emit detailChanged();
        chooseDetail();
    }
}

void BasemapLayer::itemChange(ItemChange change, const ItemChangeData &value)
{
    QQuickItem::itemChange(change, value);
    if (change == ItemSceneChange || change == ItemDevicePixelRatioHasChanged) {
        chooseDetail();
    }
}

void BasemapLayer::cameraMoved()
{
    chooseDetail();
    update();
}

void BasemapLayer::chooseDetail()
{
    int wanted = m_detail;
    if (wanted < 0) {
        if (!camera()) {
            return;
        }
        // Detail follows device pixels: a HiDPI screen shows more of it at the same zoom.
        const double dpr = window() ? window()->effectiveDevicePixelRatio() : 1.0;
        const int current = m_wantedDetail >= 0 ? m_wantedDetail : m_activeDetail;
        wanted = BasemapData::levelForZoom(camera()->zoom() + std::log2(dpr), current);
    }
    m_wantedDetail = wanted;
    if ((wanted == m_activeDetail && m_data) || wanted == m_loadingDetail || levelFailed(wanted)) {
        return;
    }
    if (DataPtr hit = cachedLevel(wanted)) {
        m_data = std::move(hit);
        m_activeDetail = wanted;
        m_dataChanged = true;
        emit activeDetailChanged();
        update();
        return;
    }
    if (m_loader.isRunning()) {
        return; // onLoaded() chooses again when the current load is done
    }
    m_loadingDetail = wanted;
    auto promise = std::make_shared<QPromise<DataPtr>>();
    m_loader.setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, wanted] {
        promise->start();
        promise->addResult(loadLevel(wanted));
        promise->finish();
    });
}

void BasemapLayer::onLoaded()
{
    const int loaded = m_loadingDetail;
    m_loadingDetail = -1;
    DataPtr data = m_loader.future().resultCount() > 0 ? m_loader.result() : DataPtr();
    if (data && (loaded == m_wantedDetail || !m_data)) {
        m_data = std::move(data);
        m_activeDetail = loaded;
        m_dataChanged = true;
        emit activeDetailChanged();
        update();
    }
    if (data || loaded != m_wantedDetail) {
        chooseDetail(); // the camera may have moved on to another level meanwhile
    }
}

QSGNode *BasemapLayer::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    auto *node = static_cast<BasemapNode *>(oldNode);
    if (!camera() || !m_data) {
        delete node;
        return nullptr;
    }
    if (!node) {
        node = new BasemapNode;
        m_dataChanged = true;
        m_styleChanged = true;
    }
    if (m_dataChanged) {
        node->setData(m_data);
        m_dataChanged = false;
    }
    if (m_styleChanged) {
        node->setStyle({m_landColor, m_coastColor, m_borderColor, float(m_lineWidth), float(m_borderWidth)});
        m_styleChanged = false;
    }
    node->updateView(*camera());
    return node;
}

} // namespace pulsemap
