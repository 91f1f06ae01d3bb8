// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QMatrix4x4>
#include <QObject>
#include <QPointF>
#include <QSizeF>
#include <QVariantAnimation>
#include <QtQml/qqmlregistration.h>

namespace pulsemap {

// What part of the Mercator world (see mercator.h) the map shows: a center in world coordinates and a
// zoom level (log2 of pixels per 256th of the world, as web maps count: zoom 0 shows the world in 256 px).
// Pure view logic, testable without a window; the MapView item owns one and the layers read it.
//
// Longitude wraps: the center's x is kept in [0, 1) and layers draw the world copies needed to fill the
// view. Latitude does not wrap: y is clamped so the view never shows beyond the poles when it can avoid it.
//
// Threading: GUI thread (a QObject with an animation). The layers also read it from updatePaintNode() on
// the render thread, while the GUI thread is blocked in the scene graph's sync: no lock, and no render-
// thread code may keep a pointer to it past that call.
class MapCamera : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(double centerLatitude READ centerLatitude NOTIFY changed FINAL)
    Q_PROPERTY(double centerLongitude READ centerLongitude NOTIFY changed FINAL)
    Q_PROPERTY(double zoom READ zoom WRITE setZoom NOTIFY changed FINAL)
    Q_PROPERTY(double minimumZoom READ minimumZoom NOTIFY changed FINAL)
    Q_PROPERTY(double maximumZoom READ maximumZoom WRITE setMaximumZoom NOTIFY changed FINAL)
    Q_PROPERTY(QSizeF viewportSize READ viewportSize WRITE setViewportSize NOTIFY changed FINAL)

public:
    explicit MapCamera(QObject *parent = nullptr);

    [[nodiscard]] QPointF center() const { return m_center; }
    [[nodiscard]] double centerLatitude() const;
    [[nodiscard]] double centerLongitude() const;
    [[nodiscard]] double zoom() const { return m_zoom; }
    [[nodiscard]] double minimumZoom() const;
    [[nodiscard]] double maximumZoom() const { return m_maximumZoom; }
    [[nodiscard]] QSizeF viewportSize() const { return m_viewport; }
    // Pixels per world unit (the whole world is this many pixels wide).
    [[nodiscard]] double scale() const;

    void setZoom(double zoom);
    void setMaximumZoom(double zoom);
    // Keeps the same world point at the view's center; refits when the camera was showing the whole world.
    void setViewportSize(const QSizeF &size);

    Q_INVOKABLE void setCenter(double latitude, double longitude);
    Q_INVOKABLE void setCenterWorld(QPointF world);
    // Moves the map with the pointer: a drag by (dx, dy) pixels moves what was under it by the same amount.
    Q_INVOKABLE void panBy(double dx, double dy);
    // Zooms by `steps` levels keeping the world point under `pixel` fixed (wheel, pinch, double-click).
    Q_INVOKABLE void zoomAround(QPointF pixel, double steps);
    // Shows the whole world (the "0" key), as large as the viewport allows.
    Q_INVOKABLE void fitWorld();
    // Shows the given latitude/longitude box, centered.
    Q_INVOKABLE void fitBounds(double south, double west, double north, double east);
    // Animated moves for the wall tour: eased, the short way round the date line. Any other camera
    // change (a drag, a key) cancels a flight.
    Q_INVOKABLE void flyTo(double latitude, double longitude, double zoom, int durationMs);
    Q_INVOKABLE void flyToWorld(int durationMs);

    [[nodiscard]] Q_INVOKABLE QPointF worldToPixel(QPointF world) const;
    [[nodiscard]] Q_INVOKABLE QPointF pixelToWorld(QPointF pixel) const;
    [[nodiscard]] Q_INVOKABLE QPointF pixelToCoordinate(QPointF pixel) const; // (latitude, longitude)
    [[nodiscard]] Q_INVOKABLE QPointF coordinateToPixel(double latitude, double longitude) const;

    // Matrix from world coordinates shifted by `copy` whole worlds (-1, 0, 1, ...) to item pixels.
    [[nodiscard]] QMatrix4x4 worldMatrix(int copy) const;
    // The world copies that intersect the viewport (for drawing wrapped longitudes).
    [[nodiscard]] std::pair<int, int> visibleCopies() const;
    // Whether the whole world fits (then pans are constrained to keep it centered vertically).
    [[nodiscard]] bool showsWholeWorld() const;

signals:
    void changed();

private:
    void constrain();
    void startFlight(QPointF center, double zoom, bool fitted, int durationMs);
    void stopFlight();

    QPointF m_center{0.5, 0.5};
    double m_zoom = 0;
    double m_maximumZoom = 10;
    QSizeF m_viewport{256, 256};
    bool m_fitted = true; // showing the whole world: refit on resize
    QVariantAnimation m_flight;
    QPointF m_flightFrom;
    QPointF m_flightTo;
    double m_flightFromZoom = 0;
    double m_flightToZoom = 0;
    bool m_flightFitted = false;
    bool m_flying = false; // set while the animation itself moves the camera
};

} // namespace pulsemap
