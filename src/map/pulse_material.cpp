// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#include "pulse_material.h"

#include <QSGMaterialShader>

#include "event_uniforms.h"

#include <cstring>

namespace pulsemap {

namespace {

class PulseShader : public QSGMaterialShader
{
public:
    PulseShader()
    {
        setShaderFileName(VertexStage, QStringLiteral(":/pulsemap/map/shaders/pulse.vert.qsb"));
        setShaderFileName(FragmentStage, QStringLiteral(":/pulsemap/map/shaders/pulse.frag.qsb"));
    }

    bool updateUniformData(RenderState &state, QSGMaterial *newMaterial, QSGMaterial *) override
    {
        return writeEventUniforms(state, static_cast<PulseMaterial *>(newMaterial)->params);
    }
};

const QSGGeometry::AttributeSet &pulseAttributes()
{
    static const QSGGeometry::Attribute attributes[] = {
        QSGGeometry::Attribute::createWithAttributeType(0, 2, QSGGeometry::FloatType, QSGGeometry::PositionAttribute),
        QSGGeometry::Attribute::createWithAttributeType(1, 1, QSGGeometry::FloatType, QSGGeometry::TexCoordAttribute),
        QSGGeometry::Attribute::createWithAttributeType(2, 4, QSGGeometry::UnsignedByteType,
                                                        QSGGeometry::ColorAttribute),
    };
    static const QSGGeometry::AttributeSet set = {3, int(sizeof(PulseVertex)), attributes};
    return set;
}

} // namespace

static_assert(sizeof(PulseMaterial::Params) == 7 * 4 + PulseMaterial::kShaderTypes * 16,
              "must match the uniform block in pulse.vert");

PulseMaterial::PulseMaterial()
{
    setFlag(Blending, true);
    setFlag(NoBatching, true);
}

QSGMaterialType *PulseMaterial::type() const
{
    static QSGMaterialType type;
    return &type;
}

QSGMaterialShader *PulseMaterial::createShader(QSGRendererInterface::RenderMode) const
{
    return new PulseShader;
}

int PulseMaterial::compare(const QSGMaterial *other) const
{
    // Floats compared bytewise: only an order for batching, where -0 vs 0 or NaN payloads cannot matter.
    const Params &theirs = static_cast<const PulseMaterial *>(other)->params;
    return std::memcmp(&params, &theirs, sizeof(Params)); // NOLINT(bugprone-suspicious-memory-comparison)
}

PulseNode::PulseNode(int capacity) : m_geometry(pulseAttributes(), capacity)
{
    m_geometry.setDrawingMode(QSGGeometry::DrawPoints);
    m_geometry.setVertexDataPattern(QSGGeometry::DynamicPattern);
    std::fill_n(vertices(), capacity, PulseVertex{});
    setGeometry(&m_geometry);
    setMaterial(&m_material);
}

} // namespace pulsemap
