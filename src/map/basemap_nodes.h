// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QColor>
#include <QSGGeometryNode>
#include <QSGMaterial>

#include <memory>
#include <vector>

namespace pulsemap {

class BasemapData;
class MapCamera;

// Scene-graph side of BasemapLayer.
//
// Threading: everything here is created, changed and destroyed on the render thread (in updatePaintNode,
// while the GUI thread waits); the BasemapData it copies from is immutable.

// Flat color for the land triangles.
class BasemapLandMaterial : public QSGMaterial
{
public:
    BasemapLandMaterial();
    [[nodiscard]] QSGMaterialType *type() const override;
    [[nodiscard]] QSGMaterialShader *createShader(QSGRendererInterface::RenderMode mode) const override;
    [[nodiscard]] int compare(const QSGMaterial *other) const override;
    void setColor(const QColor &color);
    [[nodiscard]] QColor color() const { return m_color; }

private:
    QColor m_color;
};

// Antialiased lines of a constant pixel width, from BasemapData::LineVertex strips.
class BasemapLineMaterial : public QSGMaterial
{
public:
    BasemapLineMaterial();
    [[nodiscard]] QSGMaterialType *type() const override;
    [[nodiscard]] QSGMaterialShader *createShader(QSGRendererInterface::RenderMode mode) const override;
    [[nodiscard]] int compare(const QSGMaterial *other) const override;
    void setColor(const QColor &color) { m_color = color; }
    [[nodiscard]] QColor color() const { return m_color; }
    void setWidth(float width) { m_width = width; }
    [[nodiscard]] float width() const { return m_width; }

private:
    QColor m_color;
    float m_width = 1;
};

// The basemap's root node: owns one geometry per tile and layer kind (land, borders, coast) and the three
// materials, and shows them once per visible world copy under a transform node. Copies share the geometry
// (the geometry nodes do not own it), so a pan changes matrices only; tiles outside the view are blocked.
class BasemapNode : public QSGNode
{
public:
    struct Style
    {
        QColor land;
        QColor coast;
        QColor border;
        float coastWidth;
        float borderWidth;
    };

    BasemapNode();
    ~BasemapNode() override;
    BasemapNode(const BasemapNode &) = delete;
    BasemapNode &operator=(const BasemapNode &) = delete;

    // Uploads a level of detail (drops the previous one and its copies).
    void setData(std::shared_ptr<const BasemapData> data);
    void setStyle(const Style &style);
    // Per camera change: one transform per visible copy, tiles outside the view blocked.
    void updateView(const MapCamera &camera);

    [[nodiscard]] int copyCount() const { return int(m_copies.size()); }
    [[nodiscard]] int visibleTileCount() const { return m_visibleTiles; }

private:
    class CopyNode;

    void removeCopies();

    std::shared_ptr<const BasemapData> m_data;
    std::vector<std::unique_ptr<QSGGeometry>> m_land;    // per tile, null when empty
    std::vector<std::unique_ptr<QSGGeometry>> m_borders; // per tile
    std::vector<std::unique_ptr<QSGGeometry>> m_coast;   // per tile
    BasemapLandMaterial m_landMaterial;
    BasemapLineMaterial m_borderMaterial;
    BasemapLineMaterial m_coastMaterial;
    std::vector<CopyNode *> m_copies; // children, owned by the node tree
    int m_visibleTiles = 0;
};

} // namespace pulsemap
