#version 440
// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors

layout(location = 0) in float vAcross;

layout(location = 0) out vec4 fragColor;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float worldPerPixel;
    float halfWidth;
    float feather;
    vec4 color;
};

void main()
{
    // Full coverage inside the half width, fading to nothing over one feather centered on the edge.
    float coverage = clamp((halfWidth + 0.5 * feather - abs(vAcross)) / feather, 0.0, 1.0);
    fragColor = color * (coverage * qt_Opacity);
}
