// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include "live_event.h"

#include <QSGGeometryNode>
#include <QSGMaterial>

#include <array>
#include <cstdint>

namespace pulsemap {

// One pulse as the GPU sees it: a point sprite at a world position, born at `birth` seconds after the
// layer's time origin. Everything that changes with age is computed in pulse.vert from the time uniform.
struct PulseVertex
{
    float x = 0; // Web Mercator world coordinates
    float y = 0;
    float birth = -1e9F;
    uint8_t type = 0;
    uint8_t flags = 0; // kRingFlag
    uint8_t seed = 0;  // per-pulse size jitter, so a dense cluster does not look stamped
    uint8_t reserved = 0;

    static constexpr uint8_t kRingFlag = 1;
};
static_assert(sizeof(PulseVertex) == 16);

// The pulse sprites' material: the time, the fade and the type colors are uniforms, so aging costs no
// vertex upload. NoBatching: the buffer is large and its positions are world coordinates under a
// per-copy transform node; merging would copy and transform it on the CPU.
//
// Threading: render thread only, like PulseNode below (created and changed in PulseLayer::updatePaintNode()).
class PulseMaterial : public QSGMaterial
{
public:
    // Type colors the shaders hold (vec4 colors[16] in pulse.vert and pulse.frag): a fixed uniform layout
    // with room to spare, so kMaxEventTypes may grow up to it without touching the shaders.
    static constexpr int kShaderTypes = 16;
    static_assert(kMaxEventTypes <= kShaderTypes, "the pulse shaders hold 16 type colors");

    // The uniform block after qt_Matrix and qt_Opacity, from byte 68 on, in std140 layout (pulse.vert).
    struct Params
    {
        float timeS = 0;       // now, seconds after the layer's origin
        float fadeS = 5;       // a pulse's whole life
        float pixelRatio = 1;  // device pixels per item pixel (gl_PointSize counts device pixels)
        float sizeScale = 1;   // overall size factor
        float ringS = 2.5F;    // the ring's expansion
        float popS = 0.7F;     // the birth "pop"
        float ringRadius = 18; // the ring's final radius, pixels
        std::array<std::array<float, 4>, kShaderTypes> colors{}; // per type RGB; alpha 0 hides the type
    };

    PulseMaterial();
    [[nodiscard]] QSGMaterialType *type() const override;
    [[nodiscard]] QSGMaterialShader *createShader(QSGRendererInterface::RenderMode mode) const override;
    [[nodiscard]] int compare(const QSGMaterial *other) const override;

    Params params;
};

// One world copy's pulse sprites: a geometry node owning its geometry (capacity points) and material.
class PulseNode : public QSGGeometryNode
{
public:
    explicit PulseNode(int capacity);
    [[nodiscard]] PulseMaterial *pulseMaterial() { return &m_material; }
    [[nodiscard]] PulseVertex *vertices() { return static_cast<PulseVertex *>(m_geometry.vertexData()); }
    [[nodiscard]] int capacity() const { return m_geometry.vertexCount(); }

private:
    PulseMaterial m_material;
    QSGGeometry m_geometry;
};

} // namespace pulsemap
