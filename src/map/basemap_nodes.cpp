// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "basemap_nodes.h"

#include "basemap_data.h"
#include "map_camera.h"

#include <QSGMaterialShader>
#include <QSGTransformNode>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace pulsemap {

namespace {

// More copies than this would mean a world narrower than an eighth of the view, which the camera's minimum
// zoom rules out; the cap only guards against a misconfigured camera.
constexpr int kMaxCopies = 8;

// Both uniform blocks: mat4 qt_Matrix at 0, float qt_Opacity at 64, then the material's own values; the
// premultiplied color (vec4) at 80 as std140 aligns it to 16 bytes.
constexpr int kUniformBytes = 96;
constexpr int kColorOffset = 80;

void writeFloat(QByteArray *buffer, int offset, float value)
{
    std::memcpy(buffer->data() + offset, &value, sizeof value);
}

void writeCommon(QByteArray *buffer, QSGMaterialShader::RenderState &state)
{
    Q_ASSERT(buffer->size() >= kUniformBytes);
    const QMatrix4x4 matrix = state.combinedMatrix();
    std::memcpy(buffer->data(), matrix.constData(), 64);
    writeFloat(buffer, 64, state.opacity());
}

void writeColor(QByteArray *buffer, const QColor &color, float alphaScale)
{
    const float a = float(color.alphaF()) * alphaScale;
    const float rgba[4] = {float(color.redF()) * a, float(color.greenF()) * a, float(color.blueF()) * a, a};
    std::memcpy(buffer->data() + kColorOffset, rgba, sizeof rgba);
}

int compareColors(const QColor &a, const QColor &b)
{
    const QRgb x = a.rgba();
    const QRgb y = b.rgba();
    return x < y ? -1 : (x > y ? 1 : 0);
}

class LandShader : public QSGMaterialShader
{
public:
    LandShader()
    {
        setShaderFileName(VertexStage, QStringLiteral(":/pulsemap/map/shaders/basemap_land.vert.qsb"));
        setShaderFileName(FragmentStage, QStringLiteral(":/pulsemap/map/shaders/basemap_land.frag.qsb"));
    }

    bool updateUniformData(RenderState &state, QSGMaterial *newMaterial, QSGMaterial *) override
    {
        QByteArray *buffer = state.uniformData();
        writeCommon(buffer, state);
        writeColor(buffer, static_cast<BasemapLandMaterial *>(newMaterial)->color(), 1.0f);
        return true;
    }
};

class LineShader : public QSGMaterialShader
{
public:
    LineShader()
    {
        setShaderFileName(VertexStage, QStringLiteral(":/pulsemap/map/shaders/basemap_line.vert.qsb"));
        setShaderFileName(FragmentStage, QStringLiteral(":/pulsemap/map/shaders/basemap_line.frag.qsb"));
    }

    bool updateUniformData(RenderState &state, QSGMaterial *newMaterial, QSGMaterial *) override
    {
        auto *material = static_cast<BasemapLineMaterial *>(newMaterial);
        QByteArray *buffer = state.uniformData();
        writeCommon(buffer, state);
        // The node's matrix maps world units to scene pixels with a uniform scale (and maybe a rotation):
        // its first column's length is the pixels per world unit at this zoom.
        const QMatrix4x4 modelView = state.modelViewMatrix();
        const float scale = std::hypot(modelView(0, 0), modelView(1, 0));
        // Antialias over one device pixel; a line thinner than that is drawn one device pixel wide and fainter,
        // which looks the same from a distance and does not break up into dashes.
        const float feather = 1.0f / std::max(0.5f, state.devicePixelRatio());
        const float width = material->width();
        const float visible = std::max(width, feather);
        writeFloat(buffer, 68, scale > 0 ? 1.0f / scale : 0.0f);
        writeFloat(buffer, 72, visible / 2);
        writeFloat(buffer, 76, feather);
        writeColor(buffer, material->color(), width >= feather ? 1.0f : width / feather);
        return true;
    }
};

const QSGGeometry::AttributeSet &landAttributes()
{
    static const QSGGeometry::Attribute attributes[] = {
        QSGGeometry::Attribute::createWithAttributeType(0, 2, QSGGeometry::FloatType, QSGGeometry::PositionAttribute),
    };
    static const QSGGeometry::AttributeSet set = {1, int(sizeof(BasemapData::LandVertex)), attributes};
    return set;
}

const QSGGeometry::AttributeSet &lineAttributes()
{
    static const QSGGeometry::Attribute attributes[] = {
        QSGGeometry::Attribute::createWithAttributeType(0, 2, QSGGeometry::FloatType, QSGGeometry::PositionAttribute),
        QSGGeometry::Attribute::createWithAttributeType(1, 4, QSGGeometry::UnsignedByteType,
                                                        QSGGeometry::UnknownAttribute),
    };
    static const QSGGeometry::AttributeSet set = {2, int(sizeof(BasemapData::LineVertex)), attributes};
    return set;
}

std::unique_ptr<QSGGeometry> landGeometry(const BasemapData::Tile &tile)
{
    if (tile.landIndices.empty()) {
        return {};
    }
    auto geometry = std::make_unique<QSGGeometry>(landAttributes(), int(tile.landVertices.size()),
                                                  int(tile.landIndices.size()), QSGGeometry::UnsignedIntType);
    geometry->setDrawingMode(QSGGeometry::DrawTriangles);
    geometry->setVertexDataPattern(QSGGeometry::StaticPattern);
    geometry->setIndexDataPattern(QSGGeometry::StaticPattern);
    std::memcpy(geometry->vertexData(), tile.landVertices.data(),
                tile.landVertices.size() * sizeof(BasemapData::LandVertex));
    std::memcpy(geometry->indexData(), tile.landIndices.data(), tile.landIndices.size() * sizeof(quint32));
    return geometry;
}

std::unique_ptr<QSGGeometry> lineGeometry(const std::vector<BasemapData::LineVertex> &strip)
{
    if (strip.empty()) {
        return {};
    }
    auto geometry = std::make_unique<QSGGeometry>(lineAttributes(), int(strip.size()));
    geometry->setDrawingMode(QSGGeometry::DrawTriangleStrip);
    geometry->setVertexDataPattern(QSGGeometry::StaticPattern);
    std::memcpy(geometry->vertexData(), strip.data(), strip.size() * sizeof(BasemapData::LineVertex));
    return geometry;
}

// A geometry node the renderer skips while its tile is out of view.
class CullableGeometryNode : public QSGGeometryNode
{
public:
    [[nodiscard]] bool isSubtreeBlocked() const override { return m_hidden; }
    void setHidden(bool hidden)
    {
        if (hidden != m_hidden) {
            m_hidden = hidden;
            markDirty(DirtySubtreeBlocked);
        }
    }

private:
    bool m_hidden = false;
};

bool overlaps(const QRectF &a, const QRectF &b)
{
    // Strictly: the world copy that starts exactly at the view's edge (the whole world fitted) is skipped. Not
    // QRectF::intersects, as a tile holding one horizontal line has bounds of zero height. No margin for the
    // line width: what a line outside the view could paint inside it is a fraction of a pixel at the edge.
    return !a.isNull() && a.left() < b.right() && a.right() > b.left() && a.top() <= b.bottom() &&
           a.bottom() >= b.top();
}

} // namespace

// ---- materials ----------------------------------------------------------------------------------------------------

BasemapLandMaterial::BasemapLandMaterial()
{
    // The geometry is large and its matrix changes with every pan: unmerged, it stays as uploaded and the
    // matrix goes to the shader, instead of being transformed and copied on the CPU each frame.
    setFlag(NoBatching, true);
}

QSGMaterialType *BasemapLandMaterial::type() const
{
    static QSGMaterialType type;
    return &type;
}

QSGMaterialShader *BasemapLandMaterial::createShader(QSGRendererInterface::RenderMode) const
{
    return new LandShader;
}

int BasemapLandMaterial::compare(const QSGMaterial *other) const
{
    return compareColors(m_color, static_cast<const BasemapLandMaterial *>(other)->m_color);
}

void BasemapLandMaterial::setColor(const QColor &color)
{
    m_color = color;
    // Opaque land goes to the renderer's opaque pass, front to back, the cheapest way to fill on a software
    // rasterizer.
    setFlag(Blending, color.alpha() < 255);
}

BasemapLineMaterial::BasemapLineMaterial()
{
    // Required, not an optimization: the shader offsets vertices by a pixel width converted through the
    // node's own matrix; in a merged batch the vertices would arrive pre-transformed and the offsets wrong.
    setFlag(NoBatching, true);
    setFlag(Blending, true);
}

QSGMaterialType *BasemapLineMaterial::type() const
{
    static QSGMaterialType type;
    return &type;
}

QSGMaterialShader *BasemapLineMaterial::createShader(QSGRendererInterface::RenderMode) const
{
    return new LineShader;
}

int BasemapLineMaterial::compare(const QSGMaterial *other) const
{
    const auto *o = static_cast<const BasemapLineMaterial *>(other);
    if (const int c = compareColors(m_color, o->m_color)) {
        return c;
    }
    return m_width < o->m_width ? -1 : (m_width > o->m_width ? 1 : 0);
}

// ---- nodes -------------------------------------------------------------------------------------------------------

class BasemapNode::CopyNode : public QSGTransformNode
{
public:
    struct Entry
    {
        CullableGeometryNode *node;
        size_t tile;
    };
    std::vector<Entry> entries;
};

BasemapNode::BasemapNode() = default;

BasemapNode::~BasemapNode()
{
    // The copies point at the geometry and materials that the members own: they go first.
    removeCopies();
}

void BasemapNode::removeCopies()
{
    for (CopyNode *copy : m_copies) {
        removeChildNode(copy);
        delete copy;
    }
    m_copies.clear();
}

void BasemapNode::setData(std::shared_ptr<const BasemapData> data)
{
    removeCopies();
    m_land.clear();
    m_borders.clear();
    m_coast.clear();
    m_data = std::move(data);
    if (!m_data) {
        return;
    }
    for (const BasemapData::Tile &tile : m_data->tiles()) {
        m_land.push_back(landGeometry(tile));
        m_borders.push_back(lineGeometry(tile.borders));
        m_coast.push_back(lineGeometry(tile.coast));
    }
}

void BasemapNode::setStyle(const Style &style)
{
    m_landMaterial.setColor(style.land);
    m_coastMaterial.setColor(style.coast);
    m_coastMaterial.setWidth(style.coastWidth);
    m_borderMaterial.setColor(style.border);
    m_borderMaterial.setWidth(style.borderWidth);
    for (CopyNode *copy : m_copies) {
        for (const CopyNode::Entry &entry : copy->entries) {
            entry.node->markDirty(DirtyMaterial);
        }
    }
}

void BasemapNode::updateView(const MapCamera &camera)
{
    if (!m_data) {
        return;
    }
    const auto [first, last] = camera.visibleCopies();
    const size_t wanted = size_t(std::clamp(last - first + 1, 0, kMaxCopies));
    while (m_copies.size() > wanted) {
        CopyNode *copy = m_copies.back();
        m_copies.pop_back();
        removeChildNode(copy);
        delete copy;
    }
    while (m_copies.size() < wanted) {
        auto *copy = new CopyNode;
        // Land first, then borders, then coastlines on top, each across all tiles: the same order everywhere.
        for (auto [geometries, material] : {std::pair{&m_land, static_cast<QSGMaterial *>(&m_landMaterial)},
                                            std::pair{&m_borders, static_cast<QSGMaterial *>(&m_borderMaterial)},
                                            std::pair{&m_coast, static_cast<QSGMaterial *>(&m_coastMaterial)}}) {
            for (size_t t = 0; t < geometries->size(); ++t) {
                if (QSGGeometry *geometry = (*geometries)[t].get()) {
                    auto *node = new CullableGeometryNode;
                    node->setGeometry(geometry);
                    node->setMaterial(material);
                    copy->appendChildNode(node);
                    copy->entries.push_back({node, t});
                }
            }
        }
        appendChildNode(copy);
        m_copies.push_back(copy);
    }

    const QSizeF viewport = camera.viewportSize();
    const QRectF view(camera.pixelToWorld(QPointF(0, 0)),
                      camera.pixelToWorld(QPointF(viewport.width(), viewport.height())));
    const std::vector<BasemapData::Tile> &tiles = m_data->tiles();
    m_visibleTiles = 0;
    for (size_t k = 0; k < m_copies.size(); ++k) {
        const int copyIndex = first + int(k);
        CopyNode *copy = m_copies[k];
        copy->setMatrix(camera.worldMatrix(copyIndex));
        const QRectF local = view.translated(-copyIndex, 0);
        for (const CopyNode::Entry &entry : copy->entries) {
            const bool visible = overlaps(tiles[entry.tile].bounds, local);
            entry.node->setHidden(!visible);
            m_visibleTiles += visible ? 1 : 0;
        }
    }
}

} // namespace pulsemap
