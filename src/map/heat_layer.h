// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "event_layer.h"
#include "heat_domain.h"
#include "heat_grid.h"

#include <QElapsedTimer>
#include <QImage>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

namespace pulsemap {

class HeatNode;

// Where events have been lately: density that builds up with each event and decays with a half-life,
// drawn through a glow color ramp. Per-frame cost does not depend on how many events it holds: events
// are splatted into a HeatGrid on arrival, decay is a shader uniform, and the grid's log-encoded texture
// is re-uploaded at most kUploadHz times a second, only when something changed; only the grid tiles that
// hold visible heat are drawn.
//
// One grid channel per event type, so hiding a type hides its heat (the texture holds the sum of the
// visible types; a toggle re-encodes it once). The grid has fewer channels (HeatGrid::kMaxChannels, 8)
// than the map has types (kMaxEventTypes): each channel costs a full grid of memory and encoding time,
// and campaigns rarely have more than a handful of types. Types from the last channel's index on share
// that channel: their heat shows while any of them is shown and hides only when all of them are hidden.
// The layer must cover the same pixels as the camera's viewport (fill the map view).
//
// Threading: events, properties, intensityAt() and the upload/decay timers run on the GUI thread and
// write the grid (splats) and the dirty flags. updatePaintNode() runs on the render thread while the GUI
// thread is blocked: it reads the grid, encodes the dirty tiles into m_image, steps the domain and hands
// the texture and quads to HeatNode; that sync is what protects the grid, no lock. domainMax changes found
// there are announced on the GUI thread (queued). HeatNode and HeatMaterial live on the render thread.
//
// The base is named with its namespace: Qt 6.4's qmltyperegistrar leaves an unqualified one out of the
// qmltypes, and qmllint then knows none of the inherited properties.
class HeatLayer : public pulsemap::EventLayer
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(double halfLifeSeconds READ halfLifeSeconds WRITE setHalfLifeSeconds NOTIFY halfLifeSecondsChanged FINAL)
    Q_PROPERTY(double heatScale READ heatScale WRITE setHeatScale NOTIFY heatScaleChanged FINAL)
    Q_PROPERTY(double domainMax READ domainMax NOTIFY domainMaxChanged FINAL)
    Q_PROPERTY(double domainTimeConstant READ domainTimeConstant WRITE setDomainTimeConstant NOTIFY
                   domainTimeConstantChanged FINAL)
    Q_PROPERTY(double kernelPixels READ kernelPixels WRITE setKernelPixels NOTIFY kernelPixelsChanged FINAL)
    Q_PROPERTY(int gridSize READ gridSize WRITE setGridSize NOTIFY gridSizeChanged FINAL)

public:
    static constexpr int kUploadHz = 15;

    explicit HeatLayer(QQuickItem *parent = nullptr);
    ~HeatLayer() override;

    void appendEvents(std::span<const LiveEvent> events) override;
    void replaceHeat(std::span<const LiveEvent> heat) override;
    Q_INVOKABLE void clear() override;

    [[nodiscard]] double halfLifeSeconds() const { return m_grid.halfLifeSeconds(); }
    void setHalfLifeSeconds(double seconds);
    // The value drawn hottest, in events (a lone event's peak is 1). 0: adapt (domainMax follows the
    // heat slowly); > 0: pinned, e.g. for a wall display that must compare days.
    [[nodiscard]] double heatScale() const { return m_heatScale; }
    void setHeatScale(double scale);
    [[nodiscard]] double domainMax() const { return m_domainMax; }
    [[nodiscard]] double domainTimeConstant() const { return m_domainTimeConstant; }
    void setDomainTimeConstant(double seconds);
    // Standard deviation of an event's heat kernel in pixels at the zoom it arrives at (bounded in cells).
    [[nodiscard]] double kernelPixels() const { return m_kernelPixels; }
    void setKernelPixels(double pixels);
    [[nodiscard]] int gridSize() const { return m_grid.size(); }
    void setGridSize(int size); // clears the heat

    // The decayed heat of the visible types at an item pixel, in events (for the hover tooltip).
    [[nodiscard]] Q_INVOKABLE double intensityAt(QPointF itemPixel) const;

    [[nodiscard]] const HeatGrid &grid() const { return m_grid; }
    // Milliseconds the last texture encoding took, and the heat quads drawn (for the benchmark).
    [[nodiscard]] int lastQuadCount() const { return m_lastQuadCount; }
    [[nodiscard]] int uploadCount() const { return m_uploadCount; }
    [[nodiscard]] double lastEncodeMs() const { return m_lastEncodeMs; }

    // Grid channel of an event type (see the class comment for the shared last channel).
    static int channelForType(int typeIndex) { return std::min(typeIndex, HeatGrid::kMaxChannels - 1); }
    static_assert(HeatGrid::kMaxChannels <= kMaxEventTypes, "more heat channels than types would be wasted");

signals:
    void halfLifeSecondsChanged();
    void heatScaleChanged();
    void domainMaxChanged();
    void domainTimeConstantChanged();
    void kernelPixelsChanged();
    void gridSizeChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *data) override;
    void viewChanged() override;
    void followModel(EventFeed *model) override;

private:
    void scheduleUpload();
    void onDecayTick();
    void encodeAndUpload(HeatNode *node, int64_t nowMs);
    void updateQuads(HeatNode *node, int64_t nowMs);
    [[nodiscard]] int wantedBase(int64_t nowMs) const;
    [[nodiscard]] uint32_t visibleChannelMask() const;
    [[nodiscard]] float currentSigmaCells() const;
    void replaceNow(std::span<const LiveEvent> heat);
    void buildOffThread(std::span<const LiveEvent> heat);
    void adoptBuiltGrid(HeatGrid grid);
    void measureDomainNow();
    void cancelBuild();
    void keepDecaying();

    HeatGrid m_grid;
    // A picture of many cells (a replay's seek: tens of thousands of kernels, tens of ms) is splatted into a
    // new grid on a worker thread, so the GUI thread keeps drawing frames while the playhead is dragged.
    // Events that arrive meanwhile are held (up to kMaxHeldWhileBuilding) and splatted once it is adopted.
    // m_latestBuild tells workers whose picture has been superseded to stop early.
    std::shared_ptr<std::atomic<uint64_t>> m_latestBuild = std::make_shared<std::atomic<uint64_t>>(0);
    bool m_building = false;
    std::vector<LiveEvent> m_heldWhileBuilding;
    HeatDomain m_domain;
    QImage m_image;
    int m_textureBase = -1;     // encoding base of the texture on the GPU; -1: none yet
    uint32_t m_encodedMask = 0; // channels summed into the texture
    bool m_gridDirty = false;
    bool m_uploadedOnce = false;
    bool m_resetNode = false;
    QElapsedTimer m_sinceUpload;
    QElapsedTimer m_sinceDomainStep;
    QTimer m_uploadTimer;
    QTimer m_decayTimer;
    int64_t m_lastSplatMs = 0;
    double m_heatScale = 0;
    double m_domainMax = 0;
    double m_domainTimeConstant = 180;
    double m_kernelPixels = 6;
    double m_lastEncodeMs = 0;
    int m_lastQuadCount = 0;
    int m_uploadCount = 0;
};

} // namespace pulsemap
