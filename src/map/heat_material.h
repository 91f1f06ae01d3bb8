// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QSGGeometryNode>
#include <QSGMaterial>
#include <QSGTexture>

#include <memory>
#include <vector>

class QQuickWindow;

namespace pulsemap {

// Draws the heat grid's log-encoded texture (heat_codec.h) through the glow ramp. The code is a log, so
// decay and domain are one linear map applied by the shader (t = code * codeScale + codeOffset), and a
// frame costs the same whatever the number of events.
//
// Threading: render thread only, like HeatNode below (created and changed in HeatLayer::updatePaintNode()).
class HeatMaterial : public QSGMaterial
{
public:
    // The uniform block after qt_Matrix and qt_Opacity, from byte 68 on, in std140 layout (heat.frag).
    struct Params
    {
        float codeScale = 0;  // ramp position per code
        float codeOffset = 0; // ramp position of code 0: encoding base, decay and domain
    };

    HeatMaterial();
    [[nodiscard]] QSGMaterialType *type() const override;
    [[nodiscard]] QSGMaterialShader *createShader(QSGRendererInterface::RenderMode mode) const override;
    [[nodiscard]] int compare(const QSGMaterial *other) const override;

    Params params;
    QSGTexture *heat = nullptr;
    QSGTexture *ramp = nullptr;
};

// The heat's geometry node: quads over the grid tiles that hold visible heat (nothing is drawn where
// there is none: fill rate), and the textures the material samples.
class HeatNode : public QSGGeometryNode
{
public:
    explicit HeatNode(QQuickWindow *window);
    ~HeatNode() override;
    HeatNode(const HeatNode &) = delete;
    HeatNode &operator=(const HeatNode &) = delete;

    [[nodiscard]] HeatMaterial *heatMaterial() { return &m_material; }
    // Takes ownership of the new heat texture, deleting the previous one.
    void setHeatTexture(QSGTexture *texture);
    // Back to an empty texture (the grid was replaced).
    void resetHeatTexture();

    // The quads, as (item-pixel rectangle, world rectangle shown there) pairs.
    void setQuads(const std::vector<std::pair<QRectF, QRectF>> &quads);

private:
    HeatMaterial m_material;
    QSGGeometry m_geometry;
    std::unique_ptr<QSGTexture> m_heat;
    std::unique_ptr<QSGTexture> m_empty;
    std::unique_ptr<QSGTexture> m_ramp;
};

} // namespace pulsemap
