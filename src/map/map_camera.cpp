// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "map_camera.h"

#include "mercator.h"

#include <QSignalBlocker>

#include <algorithm>
#include <cmath>

namespace pulsemap {

namespace {
constexpr double kTileSize = 256.0;
// fitWorld frames the inhabited world (Cape Horn to the North Cape), not the empty Mercator poles.
constexpr double kFitSouth = -57.0;
constexpr double kFitNorth = 75.0;
} // namespace

MapCamera::MapCamera(QObject *parent) : QObject(parent)
{
    fitWorld();
    m_flight.setStartValue(0.0);
    m_flight.setEndValue(1.0);
    m_flight.setEasingCurve(QEasingCurve::InOutCubic);
    connect(&m_flight, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        const double t = value.toDouble();
        m_flying = true;
        m_zoom = m_flightFromZoom + (m_flightToZoom - m_flightFromZoom) * t;
        m_center = m_flightFrom + (m_flightTo - m_flightFrom) * t;
        m_fitted = t >= 1.0 && m_flightFitted;
        constrain();
        m_flying = false;
        emit changed();
    });
}

void MapCamera::startFlight(QPointF center, double zoom, bool fitted, int durationMs)
{
    m_flight.stop();
    m_flightFrom = m_center;
    m_flightTo = center;
    // The short way round: never fly across the whole world to reach a place over the date line.
    m_flightTo.rx() += std::round(m_flightFrom.x() - m_flightTo.x());
    m_flightFromZoom = m_zoom;
    m_flightToZoom = zoom;
    m_flightFitted = fitted;
    m_flight.setDuration(std::max(1, durationMs));
    m_flight.start();
}

void MapCamera::stopFlight()
{
    if (!m_flying && m_flight.state() == QAbstractAnimation::Running) {
        m_flight.stop();
    }
}

void MapCamera::flyTo(double latitude, double longitude, double zoom, int durationMs)
{
    startFlight(mercator::project(latitude, longitude), zoom, false, durationMs);
}

void MapCamera::flyToWorld(int durationMs)
{
    // Where fitWorld would put the camera, computed without moving it.
    const QPointF savedCenter = m_center;
    const double savedZoom = m_zoom;
    const bool savedFitted = m_fitted;
    const QSignalBlocker blocker(this);
    fitWorld();
    const QPointF center = m_center;
    const double zoom = m_zoom;
    m_center = savedCenter;
    m_zoom = savedZoom;
    m_fitted = savedFitted;
    startFlight(center, zoom, true, durationMs);
}

double MapCamera::centerLatitude() const
{
    return mercator::latitudeFromY(m_center.y());
}

double MapCamera::centerLongitude() const
{
    return mercator::longitudeFromX(m_center.x());
}

double MapCamera::scale() const
{
    return kTileSize * std::exp2(m_zoom);
}

double MapCamera::minimumZoom() const
{
    // The whole square world fits in the shorter side; wrapped copies fill the longer one.
    const double side = std::max(1.0, std::min(m_viewport.width(), m_viewport.height()));
    return std::log2(side / kTileSize);
}

void MapCamera::setZoom(double zoom)
{
    stopFlight();
    m_zoom = zoom;
    m_fitted = false;
    constrain();
    emit changed();
}

void MapCamera::setMaximumZoom(double zoom)
{
    m_maximumZoom = zoom;
    constrain();
    emit changed();
}

void MapCamera::setViewportSize(const QSizeF &size)
{
    if (size == m_viewport || size.isEmpty()) {
        return;
    }
    m_viewport = size;
    if (m_fitted) {
        fitWorld();
        return;
    }
    constrain();
    emit changed();
}

void MapCamera::setCenter(double latitude, double longitude)
{
    setCenterWorld(mercator::project(latitude, longitude));
}

void MapCamera::setCenterWorld(QPointF world)
{
    stopFlight();
    m_center = world;
    m_fitted = false;
    constrain();
    emit changed();
}

void MapCamera::panBy(double dx, double dy)
{
    stopFlight();
    const double s = scale();
    m_center -= QPointF(dx / s, dy / s);
    m_fitted = false;
    constrain();
    emit changed();
}

void MapCamera::zoomAround(QPointF pixel, double steps)
{
    stopFlight();
    const QPointF anchor = pixelToWorld(pixel);
    m_zoom += steps;
    constrain();
    const double s = scale();
    m_center = anchor - QPointF((pixel.x() - m_viewport.width() / 2) / s, (pixel.y() - m_viewport.height() / 2) / s);
    m_fitted = false;
    constrain();
    emit changed();
}

void MapCamera::fitWorld()
{
    fitBounds(kFitSouth, -180.0, kFitNorth, 180.0);
    m_fitted = true;
}

void MapCamera::fitBounds(double south, double west, double north, double east)
{
    stopFlight();
    const double x0 = mercator::xFromLongitude(west);
    double x1 = mercator::xFromLongitude(east);
    if (x1 <= x0) {
        x1 += 1.0; // the box crosses the date line
    }
    const double y0 = mercator::yFromLatitude(north);
    const double y1 = mercator::yFromLatitude(south);
    const double spanX = std::max(x1 - x0, 1e-9);
    const double spanY = std::max(y1 - y0, 1e-9);
    const double s = std::min(m_viewport.width() / spanX, m_viewport.height() / spanY);
    m_zoom = std::log2(s / kTileSize);
    m_center = QPointF((x0 + x1) / 2, (y0 + y1) / 2);
    m_fitted = false;
    constrain();
    emit changed();
}

QPointF MapCamera::worldToPixel(QPointF world) const
{
    const double s = scale();
    return {(world.x() - m_center.x()) * s + m_viewport.width() / 2,
            (world.y() - m_center.y()) * s + m_viewport.height() / 2};
}

QPointF MapCamera::pixelToWorld(QPointF pixel) const
{
    const double s = scale();
    return {m_center.x() + (pixel.x() - m_viewport.width() / 2) / s,
            m_center.y() + (pixel.y() - m_viewport.height() / 2) / s};
}

QPointF MapCamera::pixelToCoordinate(QPointF pixel) const
{
    const QPointF world = pixelToWorld(pixel);
    return {mercator::latitudeFromY(world.y()), mercator::longitudeFromX(world.x())};
}

QPointF MapCamera::coordinateToPixel(double latitude, double longitude) const
{
    // The copy of the point nearest to the view's center.
    QPointF world = mercator::project(latitude, longitude);
    world.rx() += std::round(m_center.x() - world.x());
    return worldToPixel(world);
}

QMatrix4x4 MapCamera::worldMatrix(int copy) const
{
    const double s = scale();
    QMatrix4x4 matrix;
    matrix.translate(float(m_viewport.width() / 2), float(m_viewport.height() / 2));
    matrix.scale(float(s), float(s));
    matrix.translate(float(copy - m_center.x()), float(-m_center.y()));
    return matrix;
}

std::pair<int, int> MapCamera::visibleCopies() const
{
    const double half = m_viewport.width() / 2 / scale();
    return {int(std::floor(m_center.x() - half)), int(std::floor(m_center.x() + half))};
}

bool MapCamera::showsWholeWorld() const
{
    return m_viewport.height() >= scale() - 0.5;
}

void MapCamera::constrain()
{
    m_zoom = std::clamp(m_zoom, minimumZoom(), std::max(minimumZoom(), m_maximumZoom));
    m_center.rx() -= std::floor(m_center.x());
    const double halfHeight = m_viewport.height() / 2 / scale();
    m_center.ry() = halfHeight >= 0.5 ? 0.5 : std::clamp(m_center.y(), halfHeight, 1.0 - halfHeight);
}

} // namespace pulsemap
