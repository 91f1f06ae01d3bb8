#version 440
// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// The texel holds the log of the visible heat (heat_codec.h); decay and the domain make the position on
// the ramp a linear function of it. Two texture fetches per pixel: it is drawn full screen.
layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 fragColor;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float codeScale;  // ramp position per code
    float codeOffset; // ramp position of code 0
};

layout(binding = 1) uniform sampler2D heat;
layout(binding = 2) uniform sampler2D ramp; // premultiplied, transparent at 0

void main()
{
    float code = texture(heat, uv).r * 255.0;
    float t = code * codeScale + codeOffset;
    fragColor = texture(ramp, vec2(t, 0.5)) * qt_Opacity;
}
