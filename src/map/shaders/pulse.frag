#version 440
// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// A pulse sprite: antialiased core disc, Gaussian glow, soft ring. Output is premultiplied with alpha
// below the color's weight, so overlapping pulses add up into a glow on the dark map.
layout(location = 0) in vec4 vColor;
layout(location = 1) in vec4 vShape;
layout(location = 2) in vec4 vExtra;
layout(location = 0) out vec4 fragColor;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float timeS;
    float fadeS;
    float pixelRatio;
    float sizeScale;
    float ringS;
    float popS;
    float ringRadius;
    vec4 colors[16];
};

void main()
{
    float d = length(gl_PointCoord * 2.0 - 1.0) * vShape.x;
    float core = clamp(vShape.y + 0.5 - d, 0.0, 1.0) * vColor.a;
    float glow = exp(-0.5 * d * d / (vExtra.x * vExtra.x)) * vExtra.y;
    float rd = (d - vShape.z) / vExtra.z;
    float ring = exp(-rd * rd) * vShape.w;
    vec3 hot = mix(vColor.rgb, vec3(1.0), vExtra.w);
    vec3 rgb = hot * core + vColor.rgb * glow + mix(vColor.rgb, vec3(1.0), 0.25) * ring;
    float alpha = clamp(core + 0.4 * glow + 0.4 * ring, 0.0, 1.0);
    fragColor = vec4(min(rgb, vec3(1.0)), alpha) * qt_Opacity;
}
