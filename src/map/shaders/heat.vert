#version 440
// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Heat quads: item pixels in, world coordinates out as texture coordinates (x runs past [0, 1) on
// wrapped copies; the heat texture repeats horizontally).
layout(location = 0) in vec4 qt_VertexPosition;
layout(location = 1) in vec2 qt_VertexTexCoord;
layout(location = 0) out vec2 uv;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float codeScale;
    float codeOffset;
};

out gl_PerVertex { vec4 gl_Position; };

void main()
{
    uv = qt_VertexTexCoord;
    gl_Position = qt_Matrix * qt_VertexPosition;
}
