// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
#pragma once

#include <QByteArray>
#include <QMatrix4x4>
#include <QSGMaterialShader>

#include <cstring>

namespace pulsemap {

// The uniform block the heat and pulse shaders share (std140): mat4 matrix at 0, float opacity at 64,
// then the layer's own Params. Writes what changed and always the params (they change every frame).
// Threading: render thread (QSGMaterialShader::updateUniformData).
template<typename Params> bool writeEventUniforms(QSGMaterialShader::RenderState &state, const Params &params)
{
    constexpr int kParamsOffset = 68;
    QByteArray *buffer = state.uniformData();
    Q_ASSERT(buffer->size() >= int(kParamsOffset + sizeof(Params)));
    if (state.isMatrixDirty()) {
        const QMatrix4x4 matrix = state.combinedMatrix();
        std::memcpy(buffer->data(), matrix.constData(), 64);
    }
    if (state.isOpacityDirty()) {
        const float opacity = state.opacity();
        std::memcpy(buffer->data() + 64, &opacity, 4);
    }
    std::memcpy(buffer->data() + kParamsOffset, &params, sizeof(Params));
    return true;
}

} // namespace pulsemap
