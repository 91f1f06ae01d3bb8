// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "heat_material.h"

#include <QImage>
#include <QQuickWindow>
#include <QSGMaterialShader>

#include "event_uniforms.h"
#include <algorithm>
#include <cmath>

#include <cstring>

namespace pulsemap {

namespace {

class HeatShader : public QSGMaterialShader
{
public:
    HeatShader()
    {
        setShaderFileName(VertexStage, QStringLiteral(":/pulsemap/map/shaders/heat.vert.qsb"));
        setShaderFileName(FragmentStage, QStringLiteral(":/pulsemap/map/shaders/heat.frag.qsb"));
    }

    bool updateUniformData(RenderState &state, QSGMaterial *newMaterial, QSGMaterial *) override
    {
        return writeEventUniforms(state, static_cast<HeatMaterial *>(newMaterial)->params);
    }

    void updateSampledImage(RenderState &state, int binding, QSGTexture **texture, QSGMaterial *newMaterial,
                            QSGMaterial *) override
    {
        auto *material = static_cast<HeatMaterial *>(newMaterial);
        QSGTexture *t = binding == 1 ? material->heat : material->ramp;
        if (t) {
            t->commitTextureOperations(state.rhi(), state.resourceUpdateBatch());
        }
        *texture = t;
    }
};

// The glow ramp, premultiplied: transparent -> deep indigo -> violet -> magenta -> orange -> near white.
// Alpha stays below the colors' weight toward the hot end, so heat brightens the map under it like light
// rather than painting over it.
QImage makeRamp()
{
    struct Stop
    {
        float t, r, g, b, a;
    };
    static constexpr Stop kStops[] = {
        {0.00F, 0.10F, 0.05F, 0.40F, 0.00F}, {0.18F, 0.20F, 0.08F, 0.62F, 0.30F}, {0.40F, 0.46F, 0.10F, 0.80F, 0.55F},
        {0.60F, 0.86F, 0.16F, 0.66F, 0.72F}, {0.78F, 1.00F, 0.42F, 0.24F, 0.84F}, {0.92F, 1.00F, 0.76F, 0.42F, 0.92F},
        {1.00F, 1.00F, 0.97F, 0.86F, 0.97F},
    };
    constexpr int kWidth = 256;
    QImage image(kWidth, 1, QImage::Format_RGBA8888_Premultiplied);
    uchar *texel = image.bits();
    for (int i = 0; i < kWidth; ++i) {
        const float t = float(i) / float(kWidth - 1);
        size_t k = 0;
        while (k + 2 < std::size(kStops) && t > kStops[k + 1].t) {
            ++k;
        }
        const Stop &s0 = kStops[k];
        const Stop &s1 = kStops[k + 1];
        const float f = std::clamp((t - s0.t) / (s1.t - s0.t), 0.0F, 1.0F);
        const float a = s0.a + (s1.a - s0.a) * f;
        const float rgb[3] = {s0.r + (s1.r - s0.r) * f, s0.g + (s1.g - s0.g) * f, s0.b + (s1.b - s0.b) * f};
        for (int c = 0; c < 3; ++c) {
            texel[i * 4 + c] = uchar(std::lround(std::min(1.0F, rgb[c] * a) * 255.0F));
        }
        texel[i * 4 + 3] = uchar(std::lround(a * 0.85F * 255.0F));
    }
    return image;
}

void configure(QSGTexture *texture, QSGTexture::WrapMode horizontal)
{
    texture->setFiltering(QSGTexture::Linear);
    texture->setMipmapFiltering(QSGTexture::None);
    texture->setHorizontalWrapMode(horizontal);
    texture->setVerticalWrapMode(QSGTexture::ClampToEdge);
}

} // namespace

static_assert(sizeof(HeatMaterial::Params) == 8, "must match the uniform block in heat.frag");

HeatMaterial::HeatMaterial()
{
    setFlag(Blending, true);
}

QSGMaterialType *HeatMaterial::type() const
{
    static QSGMaterialType type;
    return &type;
}

QSGMaterialShader *HeatMaterial::createShader(QSGRendererInterface::RenderMode) const
{
    return new HeatShader;
}

int HeatMaterial::compare(const QSGMaterial *other) const
{
    const auto *o = static_cast<const HeatMaterial *>(other);
    if (heat != o->heat) {
        return heat < o->heat ? -1 : 1;
    }
    // Floats compared bytewise: only an order for batching, where -0 vs 0 or NaN payloads cannot matter.
    return std::memcmp(&params, &o->params, sizeof(Params)); // NOLINT(bugprone-suspicious-memory-comparison)
}

HeatNode::HeatNode(QQuickWindow *window) : m_geometry(QSGGeometry::defaultAttributes_TexturedPoint2D(), 0)
{
    m_geometry.setDrawingMode(QSGGeometry::DrawTriangles);
    setGeometry(&m_geometry);
    setMaterial(&m_material);
    QImage empty(1, 1, QImage::Format_RGBA8888_Premultiplied);
    empty.fill(0);
    m_empty.reset(window->createTextureFromImage(empty));
    configure(m_empty.get(), QSGTexture::Repeat);
    m_ramp.reset(window->createTextureFromImage(makeRamp()));
    configure(m_ramp.get(), QSGTexture::ClampToEdge);
    m_material.heat = m_empty.get();
    m_material.ramp = m_ramp.get();
}

HeatNode::~HeatNode() = default;

void HeatNode::setHeatTexture(QSGTexture *texture)
{
    // Repeat across x: world x runs past 1 on wrapped copies.
    configure(texture, QSGTexture::Repeat);
    m_heat.reset(texture);
    m_material.heat = texture;
    markDirty(DirtyMaterial);
}

void HeatNode::resetHeatTexture()
{
    m_material.heat = m_empty.get();
    m_heat.reset();
    markDirty(DirtyMaterial);
}

void HeatNode::setQuads(const std::vector<std::pair<QRectF, QRectF>> &quads)
{
    if (m_geometry.vertexCount() != int(quads.size()) * 6) {
        m_geometry.allocate(int(quads.size()) * 6);
    }
    QSGGeometry::TexturedPoint2D *v = m_geometry.vertexDataAsTexturedPoint2D();
    for (const auto &[pixels, world] : quads) {
        const auto x0 = float(pixels.left());
        const auto x1 = float(pixels.right());
        const auto y0 = float(pixels.top());
        const auto y1 = float(pixels.bottom());
        const auto u0 = float(world.left());
        const auto u1 = float(world.right());
        const auto v0 = float(world.top());
        const auto v1 = float(world.bottom());
        v[0].set(x0, y0, u0, v0);
        v[1].set(x1, y0, u1, v0);
        v[2].set(x0, y1, u0, v1);
        v[3].set(x1, y0, u1, v0);
        v[4].set(x1, y1, u1, v1);
        v[5].set(x0, y1, u0, v1);
        v += 6;
    }
    markDirty(DirtyGeometry);
}

} // namespace pulsemap
