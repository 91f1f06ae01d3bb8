#include "pulse_material.h"

#include <QSGMaterialShader>

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
        QByteArray *buffer = state.uniformData();
        Q_ASSERT(buffer->size() >= int(68 + sizeof(PulseMaterial::Params)));
        if (state.isMatrixDirty()) {
            const QMatrix4x4 m = state.combinedMatrix();
            std::memcpy(buffer->data(), m.constData(), 64);
        }
        if (state.isOpacityDirty()) {
            const float opacity = state.opacity();
            std::memcpy(buffer->data() + 64, &opacity, 4);
        }
        const auto *material = static_cast<PulseMaterial *>(newMaterial);
        std::memcpy(buffer->data() + 68, &material->params, sizeof(PulseMaterial::Params));
        return true;
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

static_assert(sizeof(PulseMaterial::Params) == 7 * 4 + 16 * 16, "must match the uniform block in pulse.vert");

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
    return std::memcmp(&params, &static_cast<const PulseMaterial *>(other)->params, sizeof(Params));
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
